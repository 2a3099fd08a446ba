#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NixLexer
import NixParser

/// Where a command's Nix source comes from: a file, standard input, or `-E EXPR`.
enum Input {
  case file(String)
  case standardInput
  case expression(String)

  /// The largest file read (Nix source this large is not written by hand).
  static let maxSize = 256 << 20

  /// Reads the source, resolving a directory to its `default.nix`.
  func load(id: SourceFileID = SourceFileID(0)) throws(CommandError) -> SourceFile {
    let cwd = Self.currentDirectory()
    switch self {
    case .expression(let text):
      return SourceFile(id: id, name: "«string»", directory: cwd, text: text)
    case .standardInput:
      return SourceFile(id: id, name: "«stdin»", directory: cwd, bytes: try Self.readStream(0, shownAs: "-"))
    case .file(let given):
      var path = PathNames.absolute(given, base: cwd)
      var info = stat()
      guard stat(path, &info) == 0 else {
        throw CommandError.io("cannot read '\(given)': \(String(cString: strerror(errno)))")
      }
      var shown = given
      if (info.st_mode & S_IFMT) == S_IFDIR {
        path += "/default.nix"
        shown += "/default.nix"
      }
      let bytes = try Self.readAll(path, shownAs: shown)
      let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
      return SourceFile(id: id, name: path, directory: directory.isEmpty ? "/" : directory, bytes: bytes)
    }
  }
}

extension Input {
  /// The working directory (`/` if it cannot be read).
  static func currentDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "/" }
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `NIX_STORE_DIR` when set and not empty: the store folder Nix would compute paths for.
  static func storeDirectory() -> String? {
    guard let value = getenv("NIX_STORE_DIR").map({ String(cString: $0) }), !value.isEmpty else { return nil }
    return value
  }

  /// Reads a stream (standard input) to its end, up to ``maxSize`` bytes.
  static func readStream(_ fd: Int32, shownAs given: String) throws(CommandError) -> [UInt8] {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0, errno == EINTR { continue }
      if n < 0 { throw .io("cannot read '\(given)': \(String(cString: strerror(errno)))") }
      if n == 0 { return bytes }
      bytes.append(contentsOf: chunk[..<n])
      if bytes.count > maxSize { throw .io("cannot read '\(given)': larger than \(maxSize >> 20) MiB") }
    }
  }

  /// Reads a whole file with POSIX calls straight into a byte array (no intermediate copy).
  static func readAll(_ path: String, shownAs given: String) throws(CommandError) -> [UInt8] {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw .io("cannot read '\(given)': \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      throw .io("cannot read '\(given)': not a regular file")
    }
    let size = Int(info.st_size)
    guard size <= maxSize else { throw .io("cannot read '\(given)': larger than \(maxSize >> 20) MiB") }
    var failed = false
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      var done = 0
      while done < size {
        let n = read(fd, buffer.baseAddress! + done, size - done)
        if n < 0, errno == EINTR { continue }
        if n <= 0 {
          failed = n < 0
          break
        }
        done += n
      }
      count = done
    }
    if failed { throw .io("cannot read '\(given)': \(String(cString: strerror(errno)))") }
    return bytes
  }
}

/// A failure of the command itself (usage or I/O), as opposed to findings in the input.
enum CommandError: Error {
  case usage(String)
  case io(String)

  var message: String {
    switch self {
    case .usage(let m), .io(let m): m
    }
  }
}
