import NixLexer
import NixParser

extension Evaluator {
  // MARK: - Purity

  /// Throws unless pure evaluation allows reading `path`: it must lie in an allowed folder
  /// (after resolving symlinks, so that a link cannot lead outside).
  public func checkReadable(_ path: String, at span: Span) throws(EvalError) {
    guard options.pure else { return }
    let resolved = FileSystem.realPath(path) ?? PathUtilities.canonical(path)
    for root in options.allowedPaths {
      let r = FileSystem.realPath(root) ?? PathUtilities.canonical(root)
      if resolved == r || resolved.hasPrefix(r == "/" ? "/" : r + "/") { return }
      // The path as written may be allowed even when its target is not resolvable.
      if path == r || path.hasPrefix(r + "/") && FileSystem.realPath(path) == nil { return }
    }
    throw EvalError(
      .io,
      "access to absolute path '\(path)' is forbidden in pure evaluation mode (use '--impure' or '--allow-read \(path)' to allow it)",
      at: span)
  }

  /// The bytes of a file, if purity allows reading it (a store path this evaluation made
  /// reads what it was made from).
  public func readFile(_ path: String, at span: Span) throws(EvalError) -> [UInt8] {
    let real: String
    switch fileSource(path) {
    case .text(let text): return text
    case .disk(let p): real = p
    }
    try checkReadable(real, at: span)
    switch FileSystem.read(real) {
    case .success(let bytes): return bytes
    case .failure(let e):
      throw EvalError(.io, "opening file '\(path)': \(e.message)", at: span)
    }
  }

  // MARK: - import

  /// `import path`: the file (or a folder's `default.nix`) evaluated in the base environment,
  /// once per real path.
  public func importFile(_ path: String, at span: Span) throws(EvalError) -> Value {
    // `file` is the path as the program names it (a store path made here, possibly), `real`
    // where it is read from.
    var file = path
    var real: String
    let bytes: [UInt8]
    let key: String
    switch fileSource(path) {
    case .text(let text):
      key = path
      if let cached = importCache[key] { return try force(cached) }
      bytes = text
    case .disk(let p):
      real = p
      if FileSystem.targetKind(real) == .directory {
        file = PathUtilities.canonical(file + "/default.nix")
        real = PathUtilities.canonical(real + "/default.nix")
      }
      try checkReadable(real, at: span)
      key = FileSystem.realPath(real) ?? real
      if let cached = importCache[key] { return try force(cached) }
      switch FileSystem.read(real) {
      case .success(let b): bytes = b
      case .failure(let e):
        throw EvalError(.io, "opening file '\(file)': \(e.message)", at: span)
      }
    }
    let source = sources.add(name: file, directory: PathUtilities.directory(of: file), bytes: bytes)
    let expr = try parseFile(source)
    let thunk = Thunk(expr, globalEnv)
    importCache[key] = .thunk(thunk)
    return try thunk.force(self)
  }

  /// `<name>`: the first entry of the search path that has it.
  public func findFile(_ searchPath: Value, _ name: String, at span: Span) throws(EvalError) -> Value {
    let list = try forceList(searchPath, at: span, "while evaluating the search path")
    for item in list.items {
      let entry = try forceAttrs(item, at: span, "while evaluating an element of the search path")
      let prefix: String
      if let p = entry[names.prefix] {
        prefix = try forceStringWithoutContext(p, at: span, "while evaluating the prefix of a search path entry").text
      } else {
        prefix = ""
      }
      guard let pathValue = entry[names.path] else { continue }
      let root = try coerceToString(pathValue, at: span, coerceMore: false, copyToStore: false, "while evaluating a search path entry").text
      var rest: Substring
      if prefix.isEmpty {
        rest = Substring(name)
      } else if name == prefix {
        rest = ""
      } else if name.hasPrefix(prefix + "/") {
        rest = name.dropFirst(prefix.count + 1)
      } else {
        continue
      }
      let candidate = PathUtilities.canonical(rest.isEmpty ? root : root + "/" + rest)
      if FileSystem.kind(candidate) != nil { return .path(candidate) }
    }
    // Catchable, as in Nix: `builtins.tryEval <nope>` is `{ success = false; value = false; }`.
    throw EvalError(
      .thrown,
      "file '\(name)' was not found in the Nix search path (add it using $NIX_PATH or -I)", at: span)
  }
}
