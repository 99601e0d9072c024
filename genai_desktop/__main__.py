import multiprocessing

if __name__ == "__main__":
    # A document is read in a child process (core/reading_process.py): in the frozen app the child
    # is this executable again, and freeze_support() runs its work instead of a second window.
    multiprocessing.freeze_support()
    from genai_desktop.app import main

    raise SystemExit(main())
