import Foundation

/// What `executable` printed on standard output with `arguments` (and `environment` added to
/// this process's), and its exit status; a program that cannot be started is an error.
func standardOutput(of executable: String, _ arguments: [String],
                    adding environment: [String: String] = [:]) throws -> (output: String, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (output, process.terminationStatus)
}

/// What a quiet run of a program gave: its exit status (-1 when it could not be started or
/// waited for), wall seconds from start to exit, CPU seconds (user and system) and peak resident
/// memory in bytes, from `wait4`'s rusage.
struct QuietRun {
    var status: Int32 = -1, wall = 0.0, cpu = 0.0, peakBytes = 0
}

/// Runs `executable` with `arguments`, its output and errors discarded, and measures it.
func quietRun(of executable: String, _ arguments: [String]) -> QuietRun {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let start = monotonicSeconds()
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return QuietRun() }
    var status: Int32 = 0
    var usage = rusage()
    guard wait4(pid, &status, 0, &usage) == pid else { return QuietRun() }
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return QuietRun(status: (status >> 8) & 0xFF, wall: monotonicSeconds() - start,
                    cpu: seconds(usage.ru_utime) + seconds(usage.ru_stime), peakBytes: usage.ru_maxrss * 1024)
}
