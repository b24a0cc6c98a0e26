"""`python -m faceaging COMMAND ...`: the console commands (prepare, train, age, eval, demo) without their scripts on PATH."""
from faceaging.cli import main

if __name__ == '__main__': main()
