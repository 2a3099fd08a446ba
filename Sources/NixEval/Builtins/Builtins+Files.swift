import NixLexer
import NixParser

extension Builtins {
  /// Files and paths: `import`, `readFile`, `readDir`, `readFileType`, `pathExists`,
  /// `findFile`, `dirOf`, `baseNameOf`, `toPath`. Reads obey pure evaluation.
  static var filePrimOps: [PrimOp] {
    [
      .unary("import") { ev, v, span throws(EvalError) in
        let path = try ev.coerceToPath(v, at: span, "while evaluating the first argument passed to builtins.import")
        return try ev.importFile(path, at: span)
      },
      .unary("readFile") { ev, v, span throws(EvalError) in
        let path = try ev.coerceToPath(v, at: span, "while evaluating the first argument passed to builtins.readFile")
        let bytes = try ev.readFile(path, at: span)
        if bytes.contains(0) {
          throw EvalError(.other, "the contents of the file '\(path)' cannot be represented as a Nix string", at: span)
        }
        return .string(NixString(bytes))
      },
      .unary("readDir") { ev, v, span throws(EvalError) in
        let shown = try ev.coerceToPath(v, at: span, "while evaluating the first argument passed to builtins.readDir")
        guard case .disk(let path) = ev.fileSource(shown) else {
          throw EvalError(.io, "reading directory '\(shown)': Not a directory", at: span)
        }
        try ev.checkReadable(path, at: span)
        switch FileSystem.list(path) {
        case .failure(let e): throw EvalError(.io, "reading directory '\(path)': \(e.message)", at: span)
        case .success(let entries):
          var b = AttrsBuilder(capacity: entries.count)
          for (name, kind) in entries { b.add(ev.symbols.intern(name), .string(kind.rawValue)) }
          return .attrs(b.build())
        }
      },
      .unary("readFileType") { ev, v, span throws(EvalError) in
        let shown = try ev.coerceToPath(v, at: span, "while evaluating the first argument passed to builtins.readFileType")
        guard case .disk(let path) = ev.fileSource(shown) else { return .string("regular") }
        try ev.checkReadable(path, at: span)
        guard let kind = FileSystem.kind(path) else {
          throw EvalError(.io, "getting status of '\(shown)': No such file or directory", at: span)
        }
        return .string(kind.rawValue)
      },
      .unary("pathExists") { ev, v, span throws(EvalError) in
        let value = try ev.force(v)
        var path = try ev.coerceToPath(value, at: span, "while evaluating the first argument passed to builtins.pathExists")
        // A string ending in `/` must name a directory.
        var mustBeDirectory = false
        if case .string(let s) = value, s.bytes.last == UInt8(ascii: "/") { mustBeDirectory = true }
        if case .string(let s) = value, s.text.hasSuffix("/.") { mustBeDirectory = true }
        path = PathUtilities.canonical(path)
        switch ev.fileSource(path) {
        case .text: return .bool(!mustBeDirectory)
        case .disk(let real): path = real
        }
        // A path pure evaluation may not read does not exist, as far as the expression can tell.
        if (try? ev.checkReadable(path, at: span)) == nil { return .bool(false) }
        guard let kind = FileSystem.targetKind(path) else { return .bool(false) }
        return .bool(!mustBeDirectory || kind == .directory)
      },
      .binary("findFile") { ev, searchPath, name, span throws(EvalError) in
        let n = try ev.forceStringWithoutContext(name, at: span, "while evaluating the second argument passed to builtins.findFile")
        return try ev.findFile(searchPath, n.text, at: span)
      },
      .unary("dirOf") { ev, v, span throws(EvalError) in
        let x = try ev.force(v)
        if case .path(let p) = x { return .path(PathUtilities.directory(of: p.string)) }
        let s = try ev.coerceToString(x, at: span, coerceMore: false, copyToStore: false, "while evaluating the first argument passed to builtins.dirOf")
        return .string(NixString(PathUtilities.directory(of: s.text), context: s.context))
      },
      .unary("baseNameOf") { ev, v, span throws(EvalError) in
        let s = try ev.coerceToString(v, at: span, coerceMore: false, copyToStore: false, "while evaluating the first argument passed to builtins.baseNameOf")
        return .string(NixString(PathUtilities.baseName(of: s.text), context: s.context))
      },
      .unary("toPath") { ev, v, span throws(EvalError) in
        let x = try ev.force(v)
        let path = try ev.coerceToPath(x, at: span, "while evaluating the first argument passed to builtins.toPath")
        // The string keeps what it refers to.
        if case .string(let s) = x { return .string(NixString(path, context: s.context)) }
        return .string(path)
      },
    ]
  }
}
