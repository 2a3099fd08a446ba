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
        let path = try ev.coerceToPath(v, at: span, "while evaluating the first argument passed to builtins.readDir")
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
        let path = try ev.coerceToPath(v, at: span, "while evaluating the first argument passed to builtins.readFileType")
        try ev.checkReadable(path, at: span)
        guard let kind = FileSystem.kind(path) else {
          throw EvalError(.io, "getting status of '\(path)': No such file or directory", at: span)
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
        // A path pure evaluation may not read does not exist, as far as the expression can tell.
        if (try? ev.checkReadable(path, at: span)) == nil { return .bool(false) }
        guard let kind = FileSystem.targetKind(path) else { return .bool(false) }
        return .bool(!mustBeDirectory || kind == .directory)
      },
      .binary("findFile") { ev, searchPath, name, span throws(EvalError) in
        let n = try ev.forceString(name, at: span, "while evaluating the second argument passed to builtins.findFile")
        return try ev.findFile(searchPath, n.text, at: span)
      },
      .unary("dirOf") { ev, v, span throws(EvalError) in
        let x = try ev.force(v)
        if case .path(let p) = x { return .path(PathUtilities.directory(of: p.string)) }
        let s = try ev.coerceToString(x, at: span, coerceMore: false, "while evaluating the first argument passed to builtins.dirOf")
        return .string(PathUtilities.directory(of: s.text))
      },
      .unary("baseNameOf") { ev, v, span throws(EvalError) in
        let s = try ev.coerceToString(v, at: span, coerceMore: false, "while evaluating the first argument passed to builtins.baseNameOf")
        return .string(PathUtilities.baseName(of: s.text))
      },
      .unary("toPath") { ev, v, span throws(EvalError) in
        .string(try ev.coerceToPath(v, at: span, "while evaluating the first argument passed to builtins.toPath"))
      },
    ]
  }
}
