"""`python -m ingest SOURCE... [--store DIR] [--rebuild]`, `python -m ingest --check|--repair [--store DIR]`"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from settings import get_settings

# The folder this command would use, so `--help` answers "where is my index?".
STORE_HELP = (
    f"store folder (now: {get_settings().store_dir}; set by SCR_STORE_DIR, "
    "default ~/.local/share/scr-assistant/store)"
)

# After settings, which sets the offline switches before anything of ours is imported.
from ingest.errors import EXIT_INTERNAL, EXIT_STATUSES, EXIT_STORE_UNAVAILABLE, EXIT_USAGE, store_failure  # noqa: E402
from ingest.terminal_text import line_for_terminal  # noqa: E402

EPILOG = "exit status:\n" + "\n".join(f"  {code}  {meaning}" for code, meaning in EXIT_STATUSES.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ingest", description="Index review summaries for the assistant.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("sources", nargs="*", type=Path, help="files or folders (folders are read recursively)")
    parser.add_argument("--store", type=Path, help=STORE_HELP)
    parser.add_argument("--rebuild", action="store_true", help="re-read and re-embed every file")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    parser.add_argument("--check", action="store_true", help="check the store for damage (exit 0 whole, 3 damaged)")
    parser.add_argument("--repair", action="store_true", help="rebuild what is damaged; keeps a copy of what it replaces")
    args = parser.parse_args(argv)
    if not args.sources and not (args.check or args.repair):
        parser.error("give files or folders to ingest, or --check or --repair")
    if args.check or args.repair:
        from ingest.store_commands import run

        return run(args.store, check_only=args.check, progress=not args.quiet)

    from ingest.lock import IngestBusy
    from ingest.model_process import ModelProcess
    from ingest.pipeline import ingest
    from vectorstore.damage import READ_ERRORS, REPAIR_ADVICE

    settings = get_settings()
    if args.store:
        settings = settings.model_copy(update={"store_dir": args.store})
    try:
        # The model in a process of its own: on a thread here it would wait on the GIL.
        with ModelProcess(settings) as model:
            report = ingest(args.sources, settings, rebuild=args.rebuild, progress=not args.quiet, embed=model.encode)
    except IngestBusy as busy:
        print(line_for_terminal(f"error: {busy}"), file=sys.stderr)
        return EXIT_USAGE
    except READ_ERRORS as error:  # a damaged store (or one its full disk left unreadable): say what to run
        why = store_failure(error, settings.store_dir) or " ".join(str(error).split())
        advice = "free some space on its disk" if "no space" in why else REPAIR_ADVICE
        print(line_for_terminal(f"error: {settings.store_dir}: {why}; {advice}"), file=sys.stderr)
        return EXIT_STORE_UNAVAILABLE
    except Exception as error:  # noqa: BLE001 - one line and a status a script can act on, not a traceback
        reason = store_failure(error, settings.store_dir)
        if reason is not None:
            print(line_for_terminal(f"error: {settings.store_dir}: {reason}"), file=sys.stderr)
            return EXIT_STORE_UNAVAILABLE
        message = " ".join(str(error).split())
        print(line_for_terminal(f"error: internal error: {type(error).__name__}: {message}"), file=sys.stderr)
        return EXIT_INTERNAL
    print(report.summary())
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
