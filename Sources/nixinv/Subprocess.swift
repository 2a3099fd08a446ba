#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Child processes over `posix_spawnp` (no Foundation): run a program and collect what it
/// prints, or run two joined by a pipe. Children read `/dev/null`.
enum Subprocess {
  /// What a finished child left: its exit status (128 + the signal if killed) and output.
  struct Output {
    var status: Int32
    var stdout: [UInt8]
    var stderr: [UInt8]

    /// Standard output as text, without its final newline.
    var text: String {
      var bytes = stdout[...]
      while bytes.last == 0x0A || bytes.last == 0x0D { bytes = bytes.dropLast() }
      return String(decoding: bytes, as: UTF8.self)
    }

    /// Standard error as text, trimmed, for a message.
    var errorText: String {
      var bytes = stderr[...]
      while let last = bytes.last, last == 0x0A || last == 0x20 { bytes = bytes.dropLast() }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// Runs `argv` (found on `PATH`) to its end, collecting both output streams.
  static func run(_ argv: [String]) throws(CommandError) -> Output {
    let out = try makePipe()
    let err = try makePipe()
    let pid: pid_t
    do throws(CommandError) {
      pid = try spawn(argv, stdin: nil, stdout: out.write, stderr: err.write)
    } catch {
      for fd in [out.read, out.write, err.read, err.write] { close(fd) }
      throw error
    }
    close(out.write)
    close(err.write)
    let (stdout, stderr) = drain(out.read, err.read)
    return Output(status: wait(pid), stdout: stdout, stderr: stderr)
  }

  /// Runs `first | second`; the status is the first failing one's, the error output both's.
  static func pipeline(_ first: [String], _ second: [String]) throws(CommandError) -> Output {
    let link = try makePipe()
    let err = try makePipe()
    let a: pid_t
    do throws(CommandError) {
      a = try spawn(first, stdin: nil, stdout: link.write, stderr: err.write)
    } catch {
      for fd in [link.read, link.write, err.read, err.write] { close(fd) }
      throw error
    }
    close(link.write)
    let b: pid_t
    do throws(CommandError) {
      b = try spawn(second, stdin: link.read, stdout: err.write, stderr: err.write)
    } catch {
      close(link.read)
      close(err.write)
      _ = drain(err.read, -1)
      _ = wait(a)
      throw error
    }
    close(link.read)
    close(err.write)
    let (messages, _) = drain(err.read, -1)
    let statusA = wait(a)
    let statusB = wait(b)
    return Output(status: statusA != 0 ? statusA : statusB, stdout: [], stderr: messages)
  }

  /// A pipe whose ends are closed in children (each child gets only the ends given to it).
  private static func makePipe() throws(CommandError) -> (read: Int32, write: Int32) {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw .io("cannot make a pipe: \(String(cString: strerror(errno)))") }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return (fds[0], fds[1])
  }

  /// Starts `argv` with the given descriptors as its standard streams (`nil` stdin: /dev/null).
  private static func spawn(_ argv: [String], stdin: Int32?, stdout: Int32, stderr: Int32) throws(CommandError) -> pid_t {
    #if canImport(Glibc)
      var actions = posix_spawn_file_actions_t()
    #else
      var actions: posix_spawn_file_actions_t? = nil
    #endif
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let stdin {
      posix_spawn_file_actions_adddup2(&actions, stdin, 0)
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    posix_spawn_file_actions_adddup2(&actions, stdout, 1)
    posix_spawn_file_actions_adddup2(&actions, stderr, 2)
    let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for p in cArguments { free(p) } }
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArguments, environ)
    guard rc == 0 else { throw .io("cannot run \(argv[0]): \(String(cString: strerror(rc)))") }
    return pid
  }

  /// Reads both descriptors to their ends (either may be -1), then closes them.
  private static func drain(_ first: Int32, _ second: Int32) -> ([UInt8], [UInt8]) {
    var collected: [[UInt8]] = [[], []]
    var fds = [pollfd(fd: first, events: Int16(POLLIN), revents: 0), pollfd(fd: second, events: Int16(POLLIN), revents: 0)]
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while fds.contains(where: { $0.fd >= 0 }) {
      let ready = poll(&fds, nfds_t(fds.count), -1)
      if ready < 0 {
        if errno == EINTR { continue }
        break
      }
      for k in fds.indices where fds[k].fd >= 0 && fds[k].revents != 0 {
        let n = chunk.withUnsafeMutableBytes { read(fds[k].fd, $0.baseAddress, $0.count) }
        if n < 0, errno == EINTR { continue }
        if n <= 0 {
          close(fds[k].fd)
          fds[k].fd = -1
        } else {
          collected[k] += chunk[..<n]
        }
      }
    }
    for f in fds where f.fd >= 0 { close(f.fd) }
    return (collected[0], collected[1])
  }

  /// Waits for `pid`: its exit status, or 128 + the signal that ended it.
  private static func wait(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      if errno != EINTR { return 127 }
    }
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
  }
}
