#if canImport(Glibc)
  import Glibc
#endif
import NixLexer
import NixParser

extension CoreEvaluator {
  func registerControl() {
    define("throw", 1) { ev, a, _, _, span throws(CoreError) in
      let s = try ev.coerceToString(a, span)
      throw CoreError(.thrown, StringRecord(s).text, at: span)
    }
    define("abort", 1) { ev, a, _, _, span throws(CoreError) in
      let s = try ev.coerceToString(a, span)
      throw CoreError(.aborted, "evaluation aborted with the following error message: '\(StringRecord(s).text)'", at: span)
    }
    define("seq", 2) { ev, a, b, _, _ throws(CoreError) in
      _ = try ev.force(a)
      return try ev.force(b)
    }
    define("deepSeq", 2) { ev, a, b, _, _ throws(CoreError) in
      try ev.forceDeep(a)
      return try ev.force(b)
    }
    define("tryEval", 1) { ev, a, _, _, _ throws(CoreError) in
      let result = ev.makeAttrs(2)
      let success = ev.symbols.intern("success").id, value = ev.symbols.intern("value").id
      let pairs: (UInt32, UInt32) = success < value ? (success, value) : (value, success)
      do throws(CoreError) {
        let v = try ev.force(a)
        result.set(0, symbol: pairs.0, position: -1, value: pairs.0 == success ? .true : v)
        result.set(1, symbol: pairs.1, position: -1, value: pairs.1 == success ? .true : v)
      } catch {
        guard error.isCatchable else { throw error }
        result.set(0, symbol: pairs.0, position: -1, value: .false)
        result.set(1, symbol: pairs.1, position: -1, value: .false)
      }
      return Value(.attrs, record: result.base)
    }
    define("trace", 2) { ev, a, b, _, _ throws(CoreError) in
      let v = try ev.force(a)
      let text = v.tag == .string ? StringRecord(v).text : String(decoding: try ev.printStrict(v), as: UTF8.self)
      var line = "trace: \(text)\n"
      line.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
      return try ev.force(b)
    }
    define("addErrorContext", 2) { ev, _, b, _, _ throws(CoreError) in try ev.force(b) }
    define("import", 1) { ev, a, _, _, span throws(CoreError) in try ev.importFile(a, at: span) }
    define("functionArgs", 1) { ev, a, _, _, span throws(CoreError) in
      let f = try ev.force(a)
      guard f.tag == .lambda else {
        if f.isFunction { return ev.emptyAttrs }
        throw ev.typeError(f, "a function", at: span, "while evaluating the first argument passed to builtins.functionArgs")
      }
      let info = ev.program.lambdas[f.record.load(as: Int.self)]
      guard info.hasFormals, info.formalCount > 0 else { return ev.emptyAttrs }
      var formals: [(UInt32, Bool)] = []
      for k in 0..<Int(info.formalCount) {
        let formal = ev.program.formals[Int(info.formalStart) + k]
        formals.append((formal.symbol, formal.defaultNode >= 0))
      }
      formals.sort { $0.0 < $1.0 }
      let out = ev.makeAttrs(formals.count)
      for (i, f) in formals.enumerated() { out.set(i, symbol: f.0, position: -1, value: .bool(f.1)) }
      return Value(.attrs, record: out.base)
    }
  }

  /// `import path`: the file (or the folder's `default.nix`) evaluated once.
  func importFile(_ argument: Value, at span: Span) throws(CoreError) -> Value {
    let v = try force(argument)
    var path: String
    switch v.tag {
    case .path: path = StringRecord(v).text
    case .string where StringRecord(v).bytes.first == UInt8(ascii: "/"): path = StringRecord(v).text
    case .attrs:
      throw CoreError(.notImplemented, "importing a derivation is not implemented in the next core", at: span)
    default: throw typeError(v, "a path", at: span, "while evaluating the first argument passed to builtins.import")
    }
    var info = stat()
    if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR { path += "/default.nix" }
    if let root = importCache[path] { return try force(heap.roots[root]) }
    guard let bytes = readFile(path) else {
      throw CoreError(.io, "opening file '\(path)': No such file or directory", at: span)
    }
    let slash = path.lastIndex(of: "/")!
    let directory = slash == path.startIndex ? "/" : String(path[..<slash])
    let file = sources.add(name: path, directory: directory, bytes: bytes)
    let root = try compile(file)
    let t = thunk(root, globalEnv)
    let index = heap.keep(t)
    importCache[path] = index
    return try force(t)
  }

  /// The bytes of a file, or nil.
  func readFile(_ path: String) -> [UInt8]? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
      if n == 0 { break }
      out.append(contentsOf: buffer[0..<n])
    }
    return ferror(f) != 0 ? nil : out
  }
}
