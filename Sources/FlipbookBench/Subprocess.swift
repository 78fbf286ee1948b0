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

/// Runs `executable` with `arguments` (its output discarded) and returns its exit status and
/// its own peak resident memory in bytes (`wait4`'s `ru_maxrss`).
func peakMemory(of executable: String, _ arguments: [String]) -> (status: Int32, bytes: Int) {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return (-1, 0) }
    var status: Int32 = 0
    var usage = rusage()
    guard wait4(pid, &status, 0, &usage) == pid else { return (-1, 0) }
    return ((status >> 8) & 0xFF, usage.ru_maxrss * 1024)
}

/// Runs `executable` with `arguments` (its output discarded) and returns its exit status, the
/// wall seconds from start to exit and the CPU seconds it used (user and system, `wait4`'s rusage).
func timedRun(of executable: String, _ arguments: [String]) -> (status: Int32, wall: Double, cpu: Double) {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let start = monotonicSeconds()
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return (-1, 0, 0) }
    var status: Int32 = 0
    var usage = rusage()
    guard wait4(pid, &status, 0, &usage) == pid else { return (-1, 0, 0) }
    let wall = monotonicSeconds() - start
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return ((status >> 8) & 0xFF, wall, seconds(usage.ru_utime) + seconds(usage.ru_stime))
}
