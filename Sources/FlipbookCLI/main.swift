// The `flipbook` executable: everything is in FlipbookCommandLine, which tests and fuzzers link too.
import FlipbookCommandLine

FlipbookCommand.main()
