#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few file operations evaluation needs, over POSIX calls (no Foundation).
public enum FileSystem {
  /// What a path is.
  public enum Kind: String { case regular, directory, symlink, unknown }

  /// The largest file nixinv reads (256 MiB).
  public static let maxFileSize = 256 << 20

  /// The kind of `path` without following a final symlink, or `nil` if it does not exist.
  public static func kind(_ path: String) -> Kind? {
    var st = stat()
    guard lstat(path, &st) == 0 else { return nil }
    switch st.st_mode & S_IFMT {
    case S_IFREG: return .regular
    case S_IFDIR: return .directory
    case S_IFLNK: return .symlink
    default: return .unknown
    }
  }

  /// The kind of what `path` points to, following symlinks.
  public static func targetKind(_ path: String) -> Kind? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    switch st.st_mode & S_IFMT {
    case S_IFREG: return .regular
    case S_IFDIR: return .directory
    default: return .unknown
    }
  }

  /// `path` with every symlink resolved, or `nil` if it does not exist.
  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// The whole file, or a message saying why it could not be read.
  public static func read(_ path: String) -> Result<[UInt8], FileError> {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return .failure(FileError(message: String(cString: strerror(errno)))) }
    defer { close(fd) }
    var st = stat()
    if fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFDIR {
      return .failure(FileError(message: "Is a directory"))
    }
    if st.st_mode & S_IFMT == S_IFREG, Int(st.st_size) > maxFileSize {
      return .failure(FileError(message: "file is larger than \(maxFileSize >> 20) MiB"))
    }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .failure(FileError(message: String(cString: strerror(errno))))
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
      if bytes.count > maxFileSize {
        return .failure(FileError(message: "file is larger than \(maxFileSize >> 20) MiB"))
      }
    }
    return .success(bytes)
  }

  /// The entries of a folder (without `.` and `..`), sorted, with their kinds.
  public static func list(_ path: String) -> Result<[(String, Kind)], FileError> {
    guard let dir = opendir(path) else { return .failure(FileError(message: String(cString: strerror(errno)))) }
    defer { closedir(dir) }
    var entries: [(String, Kind)] = []
    while let entry = readdir(dir) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name == "." || name == ".." { continue }
      let child = path.hasSuffix("/") ? path + name : path + "/" + name
      entries.append((name, kind(child) ?? .unknown))
    }
    entries.sort { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
    return .success(entries)
  }

  /// Why a file operation failed.
  public struct FileError: Error {
    public let message: String
  }
}

extension FileSystem {
  /// Whether the owner may execute `path` (what a NAR records as `executable`).
  public static func isExecutable(_ path: String) -> Bool {
    var st = stat()
    guard lstat(path, &st) == 0 else { return false }
    return st.st_mode & S_IXUSR != 0
  }

  /// The target of the symlink `path`, as bytes.
  public static func readLink(_ path: String) -> Result<[UInt8], FileError> {
    var buffer = [UInt8](repeating: 0, count: 4096)
    let n = buffer.withUnsafeMutableBytes { readlink(path, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count) }
    if n < 0 { return .failure(FileError(message: String(cString: strerror(errno)))) }
    return .success(Array(buffer[0..<n]))
  }
}
