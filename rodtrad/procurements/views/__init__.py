"""Views of the procurements app: builder.py (the buyer's working copy), market.py (published
procurements for providers) and questions.py (questions and answers, both sides)."""
