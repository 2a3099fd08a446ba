import Foundation
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
    let cwd = FileManager.default.currentDirectoryPath
    switch self {
    case .expression(let text):
      return SourceFile(id: id, name: "«string»", directory: cwd, text: text)
    case .standardInput:
      let data = FileHandle.standardInput.readDataToEndOfFile()
      return SourceFile(id: id, name: "«stdin»", directory: cwd, bytes: [UInt8](data))
    case .file(let given):
      var path = PathNames.absolute(given, base: cwd)
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw CommandError.io("cannot read '\(given)': no such file or directory")
      }
      if isDirectory.boolValue { path += "/default.nix" }
      let bytes = try Self.readAll(path, shownAs: given)
      let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
      return SourceFile(id: id, name: path, directory: directory.isEmpty ? "/" : directory, bytes: bytes)
    }
  }
}

extension Input {
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
