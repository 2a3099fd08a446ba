import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A source text: its name as shown to users, its bytes, and a line table.
///
/// Nix source is a sequence of bytes. Invalid UTF-8 is kept byte for byte (as Nix keeps it):
/// the lexer works on bytes, string literals hold bytes, and only rendering for people
/// decodes text (replacing invalid bytes with U+FFFD). Columns count characters (Unicode
/// scalars: every byte that is not a UTF-8 continuation byte starts one), lines and columns are 1-based.
public final class SourceFile: Sendable {
  /// The identifier of this file in its ``SourceMap``.
  public let id: SourceFileID
  /// The name shown in diagnostics: an absolute path, or `«stdin»`, `«string»`.
  public let name: String
  /// The directory that relative paths in this file are resolved against.
  public let directory: String
  /// The raw contents.
  public let bytes: [UInt8]
  /// Byte offsets at which each line starts (`lineStarts[0] == 0`), worked out on first use:
  /// a file that parses and evaluates without a position being shown never needs them.
  public var lineStarts: [UInt32] {
    lineTable.withLock { table in
      if let table { return table }
      let made = Self.lineStarts(of: bytes)
      table = made
      return made
    }
  }
  private let lineTable = Mutex<[UInt32]?>(nil)

  /// Creates a source file.
  ///
  /// A line ends at `\n`, at `\r\n` or at a lone `\r`, as Nix counts lines.
  public init(id: SourceFileID = SourceFileID(0), name: String, directory: String, bytes: [UInt8]) {
    self.id = id
    self.name = name
    self.directory = directory
    self.bytes = bytes
  }

  /// The offsets at which the lines of `bytes` start.
  static func lineStarts(of bytes: [UInt8]) -> [UInt32] {
    bytes.withUnsafeBufferPointer { buffer in
      var starts: [UInt32] = [0]
      starts.reserveCapacity(buffer.count / 32 + 1)
      guard let base = buffer.baseAddress else { return starts }
      // Without carriage returns (the usual case), memchr finds each line end.
      if memchr(base, 0x0D, buffer.count) == nil {
        var p = UnsafeRawPointer(base)
        let end = UnsafeRawPointer(base + buffer.count)
        while p < end, let hit = memchr(p, 0x0A, end - p) {
          let next = UnsafeRawPointer(hit) + 1
          starts.append(UInt32(next - UnsafeRawPointer(base)))
          p = next
        }
        return starts
      }
      var i = 0
      let n = buffer.count
      while i < n {
        let b = buffer[i]
        if b <= 0x0D {
          if b == 0x0A {
            starts.append(UInt32(i + 1))
          } else if b == 0x0D {
            if i + 1 < n, buffer[i + 1] == 0x0A { i += 1 }
            starts.append(UInt32(i + 1))
          }
        }
        i += 1
      }
      return starts
    }
  }

  /// Convenience: a source file from a Swift string.
  public convenience init(id: SourceFileID = SourceFileID(0), name: String, directory: String, text: String) {
    self.init(id: id, name: name, directory: directory, bytes: Array(text.utf8))
  }

  /// A 1-based line and column.
  public struct Location: Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line number.
    public let line: Int
    /// The 1-based column, counted in characters.
    public let column: Int
    /// `LINE:COL`.
    public var description: String { "\(line):\(column)" }

    /// Creates a location.
    public init(line: Int, column: Int) {
      self.line = line
      self.column = column
    }
  }

  /// The 0-based index of the line containing `offset`.
  public func lineIndex(of offset: UInt32) -> Int {
    let lineStarts = self.lineStarts
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// The line and column of a byte offset (an offset past the end is the end of the text).
  public func location(of offset: UInt32) -> Location {
    let clamped = min(offset, UInt32(bytes.count))
    let line = lineIndex(of: clamped)
    let start = Int(lineStarts[line])
    return Location(line: line + 1, column: Self.characterCount(bytes[start..<Int(clamped)]) + 1)
  }

  /// The text of a 0-based line without its line terminator, decoded for display.
  public func lineText(_ index: Int) -> String {
    let lineStarts = self.lineStarts
    guard index >= 0, index < lineStarts.count else { return "" }
    let start = Int(lineStarts[index])
    var end = index + 1 < lineStarts.count ? Int(lineStarts[index + 1]) : bytes.count
    while end > start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
    return String(decoding: bytes[start..<end], as: UTF8.self)
  }

  /// The number of lines (a text ending in a newline has an empty last line).
  public var lineCount: Int { lineStarts.count }

  /// Counts characters as columns do: each UTF-8 lead byte or invalid byte is one.
  static func characterCount(_ slice: ArraySlice<UInt8>) -> Int {
    var count = 0
    for b in slice where b & 0xC0 != 0x80 { count += 1 }
    return count
  }
}

/// All source files of one run, indexed by ``SourceFileID``.
public final class SourceMap: @unchecked Sendable {
  private var files: [SourceFile] = []

  /// Creates an empty map.
  public init() {}

  /// Adds a file and returns it with its new identifier.
  public func add(name: String, directory: String, bytes: [UInt8]) -> SourceFile {
    let file = SourceFile(id: SourceFileID(UInt32(files.count)), name: name, directory: directory, bytes: bytes)
    files.append(file)
    return file
  }

  /// The file with the given identifier.
  public subscript(id: SourceFileID) -> SourceFile { files[Int(id.rawValue)] }

  /// The file with the given identifier, or `nil` for one not in the map.
  public func file(_ id: SourceFileID) -> SourceFile? {
    Int(id.rawValue) < files.count ? files[Int(id.rawValue)] : nil
  }

  /// The number of files added.
  public var count: Int { files.count }
}
