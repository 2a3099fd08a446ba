import NixLexer
import NixParser

extension Evaluator {
  // MARK: - Copying paths to the store

  /// The store path a path value becomes when it is used as a string (`"${./foo}"`): the
  /// NAR hash of its content, named by its base name, as a string referring to that store
  /// path. Computed once per path; nothing is copied.
  func copyPathToStore(_ path: String, at span: Span) throws(EvalError) -> NixString {
    if let known = store.copiedPaths[path] { return NixString(known, context: StringContext(.opaque(known))) }
    if path.hasSuffix(".drv") {
      throw EvalError(.other, "file names are not allowed to end in '.drv'", at: span)
    }
    let storePath = try addToStore(
      path, name: PathUtilities.baseName(of: path), filter: nil, recursive: true, at: span)
    store.copiedPaths[path] = storePath
    return NixString(storePath, context: StringContext(.opaque(storePath)))
  }

  /// The store path of `path`'s content (a NAR, or with `recursive` false the file's bytes)
  /// named `name`, keeping only what `filter` accepts; remembered so that reading the store
  /// path reads `path`.
  func addToStore(
    _ path: String, name: String, filter: NARHasher.Filter?, recursive: Bool, expected: NixHash? = nil,
    at span: Span
  ) throws(EvalError) -> String {
    let source = fileSource(path)
    let hash: NixHash
    switch source {
    case .text(let text):
      if recursive {
        hash = NARHasher.hash(text: text)
      } else {
        hash = NixHash(of: text, .sha256)
      }
    case .disk(let real):
      try checkReadable(real, at: span)
      guard FileSystem.kind(real) != nil else { throw EvalError(.io, "path '\(path)' does not exist", at: span) }
      if recursive {
        hash = try NARHasher.hash(real, shownAs: path, filter: filter, at: span)
      } else {
        switch FileSystem.read(real) {
        case .success(let bytes): hash = NixHash(of: bytes, .sha256)
        case .failure(let e): throw EvalError(.io, "reading file '\(path)': \(e.message)", at: span)
        }
      }
    }
    let storePath = store.directory.fixedOutputPath(
      name: name, method: recursive ? .recursive : .flat, hash: hash)
    try checkStorePathName(storePath, name, at: span)
    if let expected {
      let wanted = store.directory.fixedOutputPath(name: name, method: recursive ? .recursive : .flat, hash: expected)
      if wanted != storePath {
        throw EvalError(.other, "store path mismatch in (possibly filtered) path added from '\(path)'", at: span)
      }
    }
    switch source {
    case .disk(let real): store.record(storePath, .disk(real))
    case .text(let text): store.record(storePath, .text(text))
    }
    return storePath
  }

  /// Throws Nix's error for a store path whose name is invalid.
  func checkStorePathName(_ storePath: String, _ name: String, at span: Span) throws(EvalError) {
    if let problem = StoreDirectory.checkName(Array(name.utf8)) {
      throw EvalError(
        .other, "path '\(PathUtilities.baseName(of: storePath))' is not a valid store path: \(problem)", at: span)
    }
  }

  // MARK: - Reading store paths made here

  /// Where the content of `path` is: a store path this evaluation made reads what it was
  /// made from; any other path is itself.
  public func fileSource(_ path: String) -> OfflineStore.Content {
    if let content = store.content(of: path) { return content }
    return .disk(path)
  }
}
