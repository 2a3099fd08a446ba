/// What one evaluation knows of the Nix store without having one: the derivations it
/// instantiated (to hash the derivations that depend on them), the references of what it
/// "wrote", and where the content of every store path it made really is, so that reading such
/// a path (`import "${./foo.nix}"`, `readFile (toFile "x" "…")`) reads the original.
///
/// Nothing is written anywhere: store paths are computed only.
public final class OfflineStore {
  /// The store folder paths are computed for.
  public let directory: StoreDirectory

  /// Instantiated derivations by `.drv` path.
  var derivations: [String: Derivation] = [:]
  /// The hash standing for each instantiated derivation in the derivations that use it.
  private var inputHashes: [String: NixHash] = [:]
  /// The references of the `.drv` files and `toFile` files made.
  private var references: [String: [String]] = [:]
  /// Where the content of a store path made here lies.
  private var contents: [String: Content] = [:]
  /// Paths already copied by interpolation (real path → store path), as Nix's `srcToStore`.
  var copiedPaths: [String: String] = [:]

  /// The content of a store path made in this evaluation.
  public enum Content {
    /// A file or folder on disk (the source it was copied from).
    case disk(String)
    /// The text of a `toFile` file or a `.drv`.
    case text([UInt8])
  }

  public init(directory: StoreDirectory) { self.directory = directory }

  /// Records that `storePath` holds `content`, referring to `references`.
  func record(_ storePath: String, _ content: Content, references refs: [String] = []) {
    contents[storePath] = content
    if !refs.isEmpty { references[storePath] = refs }
  }

  /// Where a path inside a store path made here really is: a file on disk (with the rest of
  /// the path appended) or a text; `nil` for any other path.
  public func content(of path: String) -> Content? {
    guard let (storePath, rest) = directory.splitStorePath(PathUtilities.canonical(path)),
      let content = contents[storePath]
    else { return nil }
    switch content {
    case .disk(let real): return .disk(rest.isEmpty ? real : PathUtilities.canonical(real + rest))
    case .text: return rest.isEmpty ? content : nil
    }
  }

  // MARK: - Derivations

  /// Why a derivation's hash could not be computed.
  struct MissingDerivation: Error { let path: String }

  /// Records an instantiated derivation.
  func add(_ drv: Derivation, at drvPath: String) throws(MissingDerivation) {
    derivations[drvPath] = drv
    contents[drvPath] = .text(drv.aterm())
    let refs = drv.references
    if !refs.isEmpty { references[drvPath] = refs }
    inputHashes[drvPath] = try hashModulo(drv)
  }

  /// Nix's hash of a derivation modulo fixed-output derivations: for a fixed-output one, a
  /// hash of its output's hash and path only (so that how it is fetched does not matter);
  /// otherwise the SHA-256 of its ATerm with every input derivation replaced by that input's
  /// hash (in base 16), and with `maskOutputs` the output paths left empty.
  func hashModulo(_ drv: Derivation, maskOutputs: Bool = false) throws(MissingDerivation) -> NixHash {
    if drv.isFixedOutput, let out = drv.outputs["out"] {
      let text = "fixed:out:" + out.hashAlgorithm + ":" + out.hash + ":" + out.path
      return NixHash(of: Array(text.utf8), .sha256)
    }
    var inputs: [String: Set<String>] = [:]
    for (drvPath, outputs) in drv.inputDerivations {
      guard let input = derivations[drvPath], let h = inputHashes[drvPath] else {
        throw MissingDerivation(path: drvPath)
      }
      // A fixed-output input counts as a derivation with the one output `out`.
      inputs[h.base16, default: []].formUnion(input.isFixedOutput ? ["out"] : outputs)
    }
    let aterm = drv.aterm(inputs: inputs.map { ($0.key, Array($0.value)) }, maskOutputs: maskOutputs)
    return NixHash(of: aterm, .sha256)
  }

  /// `path` and everything it refers to, directly or not (what Nix's `computeFSClosure`
  /// gives for paths made here; other paths refer to nothing).
  func closure(of path: String) -> [String] {
    var seen: Set<String> = [path]
    var queue = [path]
    while let p = queue.popLast() {
      for r in references[p] ?? [] where seen.insert(r).inserted { queue.append(r) }
    }
    return Array(seen)
  }
}
