from tipkg.cli import main

main(prog_name="tipkg")
