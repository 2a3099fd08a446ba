/// Store paths, computed as Nix computes them (`makeStorePath` and friends), for a store
/// folder such as `/nix/store`. Nothing here touches the file system.
///
/// A store path is `<store>/<hash>-<name>`: the hash is the SHA-256 of a description
/// `<type>:sha256:<hex digest>:<store>:<name>`, folded to 20 bytes and written in Nix's
/// base-32. The type says what the digest is of: `source` (a NAR), `text` (a file made by
/// `toFile` or a `.drv`), `output:<name>` (a derivation output); references are appended to
/// it.
public struct StoreDirectory: Sendable {
  /// The store folder, without a trailing slash.
  public let path: String

  public init(_ path: String) { self.path = path }

  /// The longest name a store path may have.
  static let maxNameLength = 211
  /// The length of a store path's hash part.
  static let hashLength = 32

  // MARK: - Making store paths

  /// `<store>/<hash>-<name>` for a digest of `type`.
  func makeStorePath(type: String, hash: NixHash, name: String) -> String {
    let description = type + ":" + hash.algorithm.rawValue + ":" + hash.base16 + ":" + path + ":" + name
    let digest = Hashes.sha256(Array(description.utf8))
    var folded = [UInt8](repeating: 0, count: 20)
    for (i, b) in digest.enumerated() { folded[i % 20] ^= b }
    return path + "/" + NixBase32.encode(folded) + "-" + name
  }

  /// A type with references (full store paths, sorted) and possibly a reference to itself.
  func makeType(_ type: String, references: [String], selfReference: Bool = false) -> String {
    var t = type
    for r in references.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) { t += ":" + r }
    if selfReference { t += ":self" }
    return t
  }

  /// The path of a text file with these contents and references (`builtins.toFile`, `.drv`
  /// files).
  func textPath(name: String, contents: [UInt8], references: [String]) -> String {
    makeStorePath(type: makeType("text", references: references), hash: NixHash(of: contents, .sha256), name: name)
  }

  /// How a fixed-output hash was taken: of the file's bytes, or of a NAR of the file tree.
  enum IngestionMethod {
    case flat, recursive

    /// The prefix Nix writes before the algorithm (`r:` for recursive).
    var prefix: String { self == .recursive ? "r:" : "" }
  }

  /// The path of content with a known hash: a SHA-256 of a NAR is a `source` path (which may
  /// have references); anything else an `output:out` path of a digest of the hash.
  func fixedOutputPath(name: String, method: IngestionMethod, hash: NixHash, references: [String] = []) -> String {
    if method == .recursive && hash.algorithm == .sha256 {
      return makeStorePath(type: makeType("source", references: references), hash: hash, name: name)
    }
    let description = "fixed:out:" + method.prefix + hash.algorithm.rawValue + ":" + hash.base16 + ":"
    return makeStorePath(type: "output:out", hash: NixHash(of: Array(description.utf8), .sha256), name: name)
  }

  /// The path of a derivation's output `output`, for the derivation's hash modulo.
  func outputPath(output: String, hash: NixHash, derivationName: String) -> String {
    makeStorePath(
      type: "output:" + output, hash: hash, name: output == "out" ? derivationName : derivationName + "-" + output)
  }

  /// The string standing for output `output` in a derivation's attributes until it is built
  /// (`builtins.placeholder`).
  static func placeholder(_ output: String) -> String {
    "/" + NixBase32.encode(Hashes.sha256(Array(("nix-output:" + output).utf8)))
  }

  // MARK: - Recognising store paths

  /// Whether `s` is a store path itself: `<store>/<32 base-32 digits>-<valid name>`.
  func isStorePath(_ s: String) -> Bool {
    let p = PathUtilities.canonical(s)
    guard PathUtilities.directory(of: p) == path else { return false }
    return Self.checkBaseName(Array(PathUtilities.baseName(of: p).utf8)) == nil
  }

  /// For a path inside the store: the store path it lies in and the rest (`""` or `/…`).
  func splitStorePath(_ s: String) -> (storePath: String, rest: String)? {
    let prefix = path + "/"
    guard s.hasPrefix(prefix) else { return nil }
    let after = s.dropFirst(prefix.count)
    let slash = after.firstIndex(of: "/") ?? after.endIndex
    let base = after[..<slash]
    guard !base.isEmpty else { return nil }
    return (prefix + base, String(after[slash...]))
  }

  // MARK: - Names

  /// Why `name` cannot be a store path name, in Nix's words, or nil if it can: not empty, at
  /// most 211 bytes of `A-Za-z0-9+-._?=`, and not `.`, `..` or starting with `.-`/`..-`.
  static func checkName(_ name: [UInt8]) -> String? {
    let shown = String(decoding: name, as: UTF8.self)
    if name.isEmpty { return "name must not be empty" }
    if name.count > maxNameLength { return "name '\(shown)' must be no longer than \(maxNameLength) characters" }
    let dot = UInt8(ascii: "."), dash = UInt8(ascii: "-")
    if name[0] == dot {
      if name.count == 1 { return "name '\(shown)' is not valid" }
      if name[1] == dash { return "name '\(shown)' is not valid: first dash-separated component must not be '.'" }
      if name[1] == dot {
        if name.count == 2 { return "name '\(shown)' is not valid" }
        if name[2] == dash { return "name '\(shown)' is not valid: first dash-separated component must not be '..'" }
      }
    }
    for c in name where !isNameByte(c) {
      return "name '\(shown)' contains illegal character '\(String(decoding: [c], as: UTF8.self))'"
    }
    return nil
  }

  /// Why `base` (`<hash>-<name>`) is no store path's last component, or nil.
  static func checkBaseName(_ base: [UInt8]) -> String? {
    let shown = String(decoding: base, as: UTF8.self)
    if base.count < hashLength + 1 { return "'\(shown)' is too short to be a valid store path" }
    if base[hashLength] != UInt8(ascii: "-") {
      return "'\(shown)' can't name a store path because the hash part is not followed by a '-'"
    }
    for c in base[..<hashLength] where !NixBase32.alphabet.contains(c) {
      return "store path '\(shown)' contains illegal base-32 character '\(String(decoding: [c], as: UTF8.self))'"
    }
    if let problem = checkName(Array(base[(hashLength + 1)...])) {
      return "path '\(shown)' is not a valid store path: \(problem)"
    }
    return nil
  }

  @inline(__always) static func isNameByte(_ c: UInt8) -> Bool {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "A")...UInt8(ascii: "Z"):
      return true
    case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "?"),
      UInt8(ascii: "="):
      return true
    default: return false
    }
  }
}
