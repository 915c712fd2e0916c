from olygraph.cli import main

main()
