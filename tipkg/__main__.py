from tipkg.cli import main

main()
