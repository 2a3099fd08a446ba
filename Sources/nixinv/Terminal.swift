#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

import NixLexer

/// Writing to the standard streams without buffering surprises.
enum Terminal {
  /// Writes bytes to standard output.
  static func out(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { write(1, $0) }
  }

  /// Grows the pipe buffer of standard output (when it is a pipe) to 1 MiB: a large output then
  /// goes out in a few writes while the reader drains it, rather than 64 KiB at a time.
  static func widenOutputPipe() {
    #if os(Linux)
      _ = fcntl(1, 1031, Int32(1 << 20))  // F_SETPIPE_SZ; fails harmlessly on files and terminals
    #endif
  }

  /// Writes a buffer to standard output.
  static func out(_ bytes: UnsafeBufferPointer<UInt8>) { write(1, bytes) }

  /// Writes consecutive buffers to standard output, many per system call.
  static func out(_ pieces: [UnsafeBufferPointer<UInt8>]) {
    var vectors = pieces.filter { $0.count > 0 }.map { iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count) }
    var first = 0
    while first < vectors.count {
      let batch = min(vectors.count - first, 1024)  // IOV_MAX
      let written = vectors.withUnsafeMutableBufferPointer { writev(1, $0.baseAddress! + first, Int32(batch)) }
      if written < 0 {
        if errno == EINTR { continue }
        return
      }
      // Skip what went out; a partial write leaves the rest of a vector for the next call.
      var left = written
      while left > 0, first < vectors.count {
        if left >= vectors[first].iov_len {
          left -= vectors[first].iov_len
          first += 1
        } else {
          vectors[first].iov_base += left
          vectors[first].iov_len -= left
          left = 0
        }
      }
    }
  }

  /// Writes text to standard output.
  static func out(_ text: String) { out(Array(text.utf8)) }

  /// Whether standard error is a terminal (escape sequences are kept only then).
  static let errorIsTerminal = isatty(2) == 1

  /// Writes text to standard error; escape sequences inside it (lib colours words of its
  /// messages) are removed unless standard error is a terminal, as Nix does.
  static func err(_ text: String) {
    let shown = errorIsTerminal ? text : ANSIEscapes.strip(text)
    Array(shown.utf8).withUnsafeBufferPointer { write(2, $0) }
  }

  private static func write(_ fd: Int32, _ buffer: UnsafeBufferPointer<UInt8>) {
    guard var p = buffer.baseAddress else { return }
    var left = buffer.count
    while left > 0 {
      let n = systemWrite(fd, p, left)
      if n <= 0 {
        if n < 0 && errno == EINTR { continue }
        return
      }
      p += n
      left -= n
    }
  }
}

/// `write(2)`, under a name that does not clash with `Terminal.write`.
private func systemWrite(_ fd: Int32, _ p: UnsafePointer<UInt8>, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.write(fd, p, count)
  #else
    Darwin.write(fd, p, count)
  #endif
}
