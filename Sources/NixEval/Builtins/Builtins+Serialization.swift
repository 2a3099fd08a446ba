import NixLexer
import NixParser

extension Builtins {
  /// JSON and TOML: `toJSON`, `fromJSON`, `fromTOML` (`toXML` is among the unavailable
  /// builtins).
  static var serializationPrimOps: [PrimOp] {
    [
      .unary("toJSON") { ev, v, span throws(EvalError) in
        .string(try ev.toJSON(v, at: span))
      },
      .unary("fromJSON") { ev, v, span throws(EvalError) in
        let text = try ev.forceStringWithoutContext(v, at: span, "while evaluating the first argument passed to builtins.fromJSON")
        return try ev.fromJSON(text.bytes, at: span)
      },
      .unary("fromTOML") { ev, v, span throws(EvalError) in
        let text = try ev.forceStringWithoutContext(v, at: span, "while evaluating the first argument passed to builtins.fromTOML")
        return try ev.fromTOML(text.bytes, at: span)
      },
    ]
  }
}

extension Evaluator {
  /// The value as `builtins.toJSON` renders it, forcing everything in it (errors inside
  /// propagate, with the attribute or list element they came from in the trace).
  public func toJSON(_ value: Value, at span: Span) throws(EvalError) -> NixString {
    var writer = JSONWriter()
    try writeJSON(value, at: span, &writer)
    if let problem = writer.utf8Error {
      throw EvalError(.other, "JSON serialization error: \(problem)", at: span)
    }
    return NixString(writer.bytes, context: writer.context)
  }

  /// JSON text as a Nix value, as `builtins.fromJSON` reads it (with `file`, each member
  /// remembers where its name is in that file): objects as sets (a repeated
  /// name keeps its last value), arrays as lists, numbers as integers when they have neither
  /// fraction nor exponent (and fit in 64 bits), as floats otherwise.
  public func fromJSON(_ bytes: [UInt8], at span: Span, file: SourceFileID? = nil) throws(EvalError) -> Value {
    var parser = JSONParser(bytes, file: file)
    do throws(JSONParser.Failure) {
      return try parser.parse(symbols)
    } catch {
      throw EvalError(.other, error.message, at: span)
    }
  }

  /// A TOML document as a Nix set, as `builtins.fromTOML` reads it.
  public func fromTOML(_ bytes: [UInt8], at span: Span) throws(EvalError) -> Value {
    var parser = TOMLParser(bytes, stack: stack)
    let root: TOMLParser.Table
    do throws(TOMLParser.Failure) {
      root = try parser.parse()
    } catch {
      throw EvalError(.other, "while parsing TOML: \(error.message)", at: span)
    }
    return try tomlValue(.table(root), at: span)
  }

  /// A parsed TOML node as a Nix value.
  private func tomlValue(_ node: TOMLParser.Node, at span: Span) throws(EvalError) -> Value {
    switch node {
    case .string(let s):
      if s.contains(0) { throw tomlNullByte(s, at: span) }
      return .string(NixString(s))
    case .int(let i): return .int(i)
    case .float(let f): return .float(f)
    case .bool(let b): return .bool(b)
    case .datetime:
      throw EvalError(.other, "while parsing TOML: Dates and times are not supported", at: span)
    case .array(let items):
      var values: [Value] = []
      values.reserveCapacity(items.count)
      for item in items { values.append(try tomlValue(item, at: span)) }
      return .list(NixList(values))
    case .tableArray(let a):
      var values: [Value] = []
      values.reserveCapacity(a.tables.count)
      for t in a.tables { values.append(try tomlValue(.table(t), at: span)) }
      return .list(NixList(values))
    case .table(let t):
      var b = AttrsBuilder(capacity: t.entries.count)
      // In byte order, so that the first error and the numbering of new names do not follow
      // the dictionary's hash order.
      for key in t.entries.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
        if key.contains(0) { throw tomlNullByte(key, at: span) }
        b.add(symbols.intern(key), try tomlValue(t.entries[key]!, at: span))
      }
      return .attrs(b.build())
    }
  }

  private func tomlNullByte(_ bytes: [UInt8], at span: Span) -> EvalError {
    EvalError(.other, "while parsing TOML: error: \(JSONParser.nullByteMessage(bytes))", at: span)
  }
}
