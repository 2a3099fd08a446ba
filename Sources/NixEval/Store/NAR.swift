import NixLexer

/// The Nix archive (NAR) serialisation of a file tree, hashed as it is written: what Nix
/// hashes to give a source copied to the store its path.
///
/// Every item is a string: an 8-byte little-endian length, the bytes, zeros to a multiple of
/// 8. A tree is `nix-archive-1` then one node: `( type regular [executable ""] contents BYTES )`,
/// `( type symlink target BYTES )`, or `( type directory entry ( name N node NODE ) … )` with
/// the entries in byte order of their names. Symlinks are recorded, never followed.
struct NARHasher {
  private var hasher = SHA256Stream()
  /// The number of bytes serialised.
  private(set) var size: UInt64 = 0

  /// Decides whether an entry goes into the archive: its full path and its kind (`regular`,
  /// `directory`, `symlink`, `unknown`). Not asked for the root.
  typealias Filter = (_ path: String, _ kind: String) throws(EvalError) -> Bool

  /// The SHA-256 of the NAR of the file tree at `path` (on disk), whose entries are shown to
  /// `filter` and in errors under `shown` (the path as the program wrote it).
  static func hash(_ path: String, shownAs shown: String, filter: Filter?, at span: Span) throws(EvalError) -> NixHash {
    var nar = NARHasher()
    nar.write("nix-archive-1")
    try nar.dump(path, shown, filter: filter, at: span)
    return NixHash(.sha256, bytes: nar.hasher.finish())
  }

  /// The SHA-256 of the NAR of a regular file holding `text`.
  static func hash(text: [UInt8]) -> NixHash {
    var nar = NARHasher()
    nar.write("nix-archive-1")
    nar.write("(")
    nar.write("type")
    nar.write("regular")
    nar.write("contents")
    nar.write(text)
    nar.write(")")
    return NixHash(.sha256, bytes: nar.hasher.finish())
  }

  private mutating func raw(_ bytes: UnsafeRawBufferPointer) {
    hasher.update(bytes)
    size += UInt64(bytes.count)
  }

  /// One string item.
  private mutating func write(_ bytes: [UInt8]) {
    var length = UInt64(bytes.count).littleEndian
    withUnsafeBytes(of: &length) { raw($0) }
    bytes.withUnsafeBytes { raw($0) }
    let padding = (8 - bytes.count % 8) % 8
    if padding > 0 {
      let zeros: (UInt64) = 0
      withUnsafeBytes(of: zeros) { raw(UnsafeRawBufferPointer(rebasing: $0[0..<padding])) }
    }
  }

  private mutating func write(_ text: StaticString) {
    write(text.withUTF8Buffer { Array($0) })
  }

  private mutating func dump(_ path: String, _ shown: String, filter: Filter?, at span: Span) throws(EvalError) {
    guard let kind = FileSystem.kind(path) else {
      throw EvalError(.io, "path '\(shown)' does not exist", at: span)
    }
    write("(")
    write("type")
    switch kind {
    case .regular:
      write("regular")
      if FileSystem.isExecutable(path) {
        write("executable")
        write("")
      }
      write("contents")
      switch FileSystem.read(path) {
      case .success(let bytes): write(bytes)
      case .failure(let e): throw EvalError(.io, "reading file '\(shown)': \(e.message)", at: span)
      }
    case .symlink:
      write("symlink")
      write("target")
      switch FileSystem.readLink(path) {
      case .success(let target): write(target)
      case .failure(let e): throw EvalError(.io, "reading symlink '\(shown)': \(e.message)", at: span)
      }
    case .directory:
      write("directory")
      let entries: [(String, FileSystem.Kind)]
      switch FileSystem.list(path) {
      case .success(let list): entries = list
      case .failure(let e): throw EvalError(.io, "reading directory '\(shown)': \(e.message)", at: span)
      }
      for (name, childKind) in entries {
        let child = path == "/" ? "/" + name : path + "/" + name
        let shownChild = shown == "/" ? "/" + name : shown + "/" + name
        if let filter, !(try filter(shownChild, childKind.rawValue)) { continue }
        write("entry")
        write("(")
        write("name")
        write(Array(name.utf8))
        write("node")
        try dump(child, shownChild, filter: filter, at: span)
        write(")")
      }
    case .unknown:
      throw EvalError(.io, "file '\(shown)' has an unsupported type", at: span)
    }
    write(")")
  }
}
