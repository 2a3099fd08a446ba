import NixLexer
import NixParser

extension CoreEvaluator {
  /// `value` forced deeply and printed as `nix-instantiate --eval --strict` prints it.
  public func printStrict(_ value: Value) throws(CoreError) -> [UInt8] {
    try forceDeep(value)
    var out: [UInt8] = []
    var seen = Set<UInt64>()
    write(value, to: &out, seen: &seen, depth: 0)
    return out
  }

  /// Writes a deeply forced value. As in Nix, a non-empty list is «repeated» when the same
  /// cell (the thunk it was read from, or the list itself) was printed before, and a set
  /// when the same set was.
  func write(_ value: Value, to out: inout [UInt8], seen: inout Set<UInt64>, depth: Int) {
    var cell: UInt64? = nil
    var v = value
    if v.tag == .thunk {
      cell = v.bits
      v = ThunkRecord.state(v.record) == ThunkRecord.done ? ThunkRecord.value(v.record) : v
    }
    if depth & 63 == 0 && stackExhausted() {
      out.append(contentsOf: "«too deep to print»".utf8)
      return
    }
    switch v.tag {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool: out.append(contentsOf: (v.asBool ? "true" : "false").utf8)
    case .int: out.append(contentsOf: String(v.asInt).utf8)
    case .float: out.append(contentsOf: NixSyntax.formatFloat(v.asFloat).utf8)
    case .string: writeQuoted(StringRecord(v).bytes, to: &out)
    case .path: out.append(contentsOf: StringRecord(v).bytes)
    case .list:
      let l = ListRecord(v)
      if l.count > 0, !seen.insert(cell ?? v.bits).inserted {
        out.append(contentsOf: "«repeated»".utf8)
        return
      }
      out.append(UInt8(ascii: "["))
      for i in 0..<l.count {
        out.append(UInt8(ascii: " "))
        write(l[i], to: &out, seen: &seen, depth: depth + 1)
      }
      out.append(contentsOf: " ]".utf8)
    case .attrs:
      let a = AttrsRecord(v)
      if a.count > 0, !seen.insert(v.bits).inserted {
        out.append(contentsOf: "«repeated»".utf8)
        return
      }
      out.append(UInt8(ascii: "{"))
      for i in nameOrder(a) {
        out.append(UInt8(ascii: " "))
        let name = symbols.bytes(of: Symbol(id: a.symbol(i)))
        if NixSyntax.isPlainIdentifier(name) {
          out.append(contentsOf: name)
        } else {
          name.withUnsafeBufferPointer { writeQuoted($0, to: &out) }
        }
        out.append(contentsOf: " = ".utf8)
        write(a.value(i), to: &out, seen: &seen, depth: depth + 1)
        out.append(UInt8(ascii: ";"))
      }
      out.append(contentsOf: " }".utf8)
    case .lambda: out.append(contentsOf: "<LAMBDA>".utf8)
    case .primop: out.append(contentsOf: "<PRIMOP>".utf8)
    case .partial: out.append(contentsOf: "<PRIMOP-APP>".utf8)
    case .thunk: out.append(contentsOf: "<CODE>".utf8)
    }
  }

  /// A string literal with Nix's escapes.
  func writeQuoted(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        out.append(UInt8(ascii: "\\"))
        out.append(b)
      case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
      case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
      case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
      case UInt8(ascii: "$"):
        if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "{") {
          out.append(contentsOf: "\\$".utf8)
        } else {
          out.append(b)
        }
      default: out.append(b)
      }
      i += 1
    }
    out.append(UInt8(ascii: "\""))
  }

  /// `builtins.toJSON`: sets with names sorted, `outPath` or `__toString` as strings.
  func writeJSON(_ value: Value, to out: inout [UInt8], context: inout [String], at span: Span, depth: Int = 0) throws(CoreError) {
    let v = try force(value)
    if depth > 10_000 { throw CoreError(.stackOverflow, "stack overflow; max-call-depth exceeded", at: span) }
    switch v.tag {
    case .null: out.append(contentsOf: "null".utf8)
    case .bool: out.append(contentsOf: (v.asBool ? "true" : "false").utf8)
    case .int: out.append(contentsOf: String(v.asInt).utf8)
    case .float: out.append(contentsOf: NixSyntax.formatFloat(v.asFloat).utf8)
    case .string:
      let s = StringRecord(v)
      if s.context != 0 { context.append(contentsOf: contexts[s.context - 1]) }
      writeJSONString(s.bytes, to: &out)
    case .path:
      throw CoreError(.notImplemented, "copying a path to the store is not implemented in the next core", at: span)
    case .list:
      let l = ListRecord(v)
      out.append(UInt8(ascii: "["))
      for i in 0..<l.count {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        try writeJSON(l[i], to: &out, context: &context, at: span, depth: depth + 1)
      }
      out.append(UInt8(ascii: "]"))
    case .attrs:
      let a = AttrsRecord(v)
      if let i = a.find(names.toString) {
        let s = try call(a.value(i), v, at: span)
        try writeJSON(s, to: &out, context: &context, at: span, depth: depth + 1)
        return
      }
      if let i = a.find(names.outPath) {
        try writeJSON(a.value(i), to: &out, context: &context, at: span, depth: depth + 1)
        return
      }
      out.append(UInt8(ascii: "{"))
      for (k, i) in nameOrder(a).enumerated() {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        let name = Array(symbols.bytes(of: Symbol(id: a.symbol(i))))
        name.withUnsafeBufferPointer { writeJSONString($0, to: &out) }
        out.append(UInt8(ascii: ":"))
        try writeJSON(a.value(i), to: &out, context: &context, at: span, depth: depth + 1)
      }
      out.append(UInt8(ascii: "}"))
    case .lambda, .primop, .partial, .thunk:
      throw CoreError(.type, "cannot convert a function to JSON", at: span)
    }
  }

  func writeJSONString(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    for b in bytes {
      switch b {
      case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
      case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
      case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
      case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
      case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
      case 0x08: out.append(contentsOf: "\\b".utf8)
      case 0x0C: out.append(contentsOf: "\\f".utf8)
      case 0..<0x20:
        let hex = Array("0123456789abcdef".utf8)
        out.append(contentsOf: "\\u00".utf8)
        out.append(hex[Int(b >> 4)])
        out.append(hex[Int(b & 15)])
      default: out.append(b)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
