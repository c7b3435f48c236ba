from rodtrad.cli import main

main()
