import NixLexer
import NixParser

extension Builtins {
  /// Store builtins that compute store paths without a store: `toFile`, `path`,
  /// `filterSource`, `placeholder`, `storePath`, `hashFile`, `outputOf`.
  static var storePrimOps: [PrimOp] {
    [
      .binary("toFile") { ev, nameV, textV, span throws(EvalError) in
        let name = try ev.forceStringWithoutContext(
          nameV, at: span, "while evaluating the first argument passed to builtins.toFile"
        ).text
        let text = try ev.forceString(textV, at: span, "while evaluating the second argument passed to builtins.toFile")
        var references: [String] = []
        for element in text.context.elements {
          guard case .opaque(let p) = element else {
            throw EvalError(
              .other,
              "files created by builtins.toFile may not reference derivations, but \(name) references \(element.encoded)",
              at: span)
          }
          references.append(p)
        }
        let path = ev.store.directory.textPath(name: name, contents: text.bytes, references: references)
        try ev.checkStorePathName(path, name, at: span)
        ev.store.record(path, .text(text.bytes), references: references)
        return .string(NixString(path, context: StringContext(.opaque(path))))
      },
      .unary("path") { ev, v, span throws(EvalError) in try path(ev, v, span) },
      .binary("filterSource") { ev, filterV, pathV, span throws(EvalError) in
        let path = try ev.coerceToPath(
          pathV, at: span, "while evaluating the second argument (the path to filter) passed to 'builtins.filterSource'")
        let filter = try ev.forceFunction(
          filterV, at: span, "while evaluating the first argument passed to builtins.filterSource")
        return try addPath(
          ev, path, name: PathUtilities.baseName(of: path), filter: filter, recursive: true, expected: nil, span)
      },
      .unary("placeholder") { ev, v, span throws(EvalError) in
        let output = try ev.forceStringWithoutContext(
          v, at: span, "while evaluating the first argument passed to builtins.placeholder")
        return .string(StoreDirectory.placeholder(output.text))
      },
      .unary("storePath") { ev, v, span throws(EvalError) in
        if ev.options.pure {
          throw EvalError(.other, "'builtins.storePath' is not allowed in pure evaluation mode", at: span)
        }
        let path = try ev.coerceToPath(v, at: span, "while evaluating the first argument passed to 'builtins.storePath'")
        guard let (storePath, _) = ev.store.directory.splitStorePath(path), ev.store.directory.isStorePath(storePath)
        else {
          throw EvalError(.other, "path '\(path)' is not in the Nix store", at: span)
        }
        return .string(NixString(path, context: StringContext(.opaque(storePath))))
      },
      .binary("hashFile") { ev, algoV, pathV, span throws(EvalError) in
        let algo = try ev.forceStringWithoutContext(
          algoV, at: span, "while evaluating the first argument passed to builtins.hashFile"
        ).text
        guard let algorithm = NixHash.Algorithm(rawValue: algo) else {
          throw EvalError(.other, "unknown hash algorithm '\(algo)'", at: span)
        }
        let path = try ev.coerceToPath(pathV, at: span, "while evaluating the second argument passed to builtins.hashFile")
        let bytes: [UInt8]
        switch ev.fileSource(path) {
        case .text(let text): bytes = text
        case .disk(let real):
          try ev.checkReadable(real, at: span)
          guard FileSystem.kind(real) != nil else { throw EvalError(.io, "path '\(path)' does not exist", at: span) }
          bytes = try ev.readFile(real, at: span)
        }
        return .string(NixHash(of: bytes, algorithm).base16)
      },
      .binary("outputOf") { _, _, _, span throws(EvalError) in
        throw EvalError(
          .unavailable,
          "experimental Nix feature 'dynamic-derivations' is disabled; add '--extra-experimental-features dynamic-derivations' to enable it",
          at: span)
      },
    ]
  }

  /// `builtins.path { path; name ? baseNameOf path; filter ? …; recursive ? true; sha256 ? …; }`.
  private static func path(_ ev: Evaluator, _ v: Value, _ span: Span) throws(EvalError) -> Value {
    let attrs = try ev.forceAttrs(v, at: span, "while evaluating the argument passed to 'builtins.path'")
    var path: String? = nil
    var name = ""
    var filter: Value? = nil
    var recursive = true
    var expected: NixHash? = nil
    for i in 0..<attrs.count {
      let key = ev.symbols[attrs.keys[i]]
      let value = attrs.values[i]
      let at = attrs.positions[i].isKnown ? attrs.positions[i] : span
      switch key {
      case "path":
        path = try ev.coerceToPath(value, at: at, "while evaluating the 'path' attribute passed to 'builtins.path'")
      case "name":
        name = try ev.forceStringWithoutContext(
          value, at: at, "while evaluating the `name` attribute passed to builtins.path"
        ).text
      case "filter":
        filter = try ev.forceFunction(value, at: at, "while evaluating the `filter` parameter passed to builtins.path")
      case "recursive":
        recursive = try ev.forceBool(value, at: at, "while evaluating the `recursive` attribute passed to builtins.path")
      case "sha256":
        let text = try ev.forceStringWithoutContext(
          value, at: at, "while evaluating the `sha256` attribute passed to builtins.path"
        ).text
        do throws(NixHash.ParseError) {
          expected = try NixHash.parse(allowingEmpty: text, .sha256)
        } catch {
          throw EvalError(.other, error.message, at: at)
        }
      default:
        throw EvalError(.other, "unsupported argument '\(key)' to 'builtins.path'", at: at)
      }
    }
    guard let path else {
      throw EvalError(.other, "missing required 'path' attribute in the first argument to 'builtins.path'", at: span)
    }
    if name.isEmpty { name = PathUtilities.baseName(of: path) }
    return try addPath(ev, path, name: name, filter: filter, recursive: recursive, expected: expected, span)
  }

  /// The store path of `path` filtered by the Nix function `filter` (called with each
  /// entry's path and kind), as a string referring to it.
  private static func addPath(
    _ ev: Evaluator, _ path: String, name: String, filter: Value?, recursive: Bool, expected: NixHash?,
    _ span: Span
  ) throws(EvalError) -> Value {
    var accept: NARHasher.Filter? = nil
    if let filter {
      accept = { entry, kind throws(EvalError) in
        let partial = try ev.call(filter, .string(entry), at: span)
        let result = try ev.call(partial, .string(kind), at: span)
        return try ev.forceBool(result, at: span, "while evaluating the return value of the path filter function")
      }
    }
    do throws(EvalError) {
      let storePath = try ev.addToStore(
        path, name: name, filter: accept, recursive: recursive, expected: expected, at: span)
      return .string(NixString(storePath, context: StringContext(.opaque(storePath))))
    } catch {
      throw error.adding("while adding path '\(path)'", at: .unknown)
    }
  }
}
