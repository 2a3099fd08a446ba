import NixLexer
import NixParser

/// Writes values as Nix prints them.
///
/// Two styles: ``Style/output`` is `nix-instantiate --eval --strict` (functions as `<LAMBDA>`,
/// a set or list met a second time as `«repeated»`); ``Style/error`` is how values appear in
/// error messages (nothing forced, functions with their position, at most ten attributes and
/// ten list items in all, long strings cut).
public struct ValuePrinter {
  public enum Style { case output, error }

  let evaluator: Evaluator
  let style: Style
  var out: [UInt8] = []
  var seen: Set<ObjectIdentifier> = []
  var attrsPrinted = 0
  var itemsPrinted = 0
  static let maxAttrs = 10
  static let maxItems = 10
  static let maxDepth = 15
  static let maxString = 1024

  public init(_ evaluator: Evaluator, style: Style) {
    self.evaluator = evaluator
    self.style = style
  }

  /// The printed form of `value`.
  public static func print(_ value: Value, _ evaluator: Evaluator, style: Style) -> [UInt8] {
    var p = ValuePrinter(evaluator, style: style)
    p.write(value, depth: 0)
    return p.out
  }

  /// Writes `value`; `cell` is the thunk it was read from, if any.
  ///
  /// As in Nix, a list is «repeated» when the same cell (here: the same thunk; for a value held
  /// directly, the same list) was printed before, and a set when the same attributes were.
  mutating func write(_ value: Value, depth: Int, cell: ObjectIdentifier? = nil) {
    if depth & 63 == 0 && evaluator.stack.exhausted() {
      put("«too deep to print»")
      return
    }
    switch value {
    case .null: put("null")
    case .bool(let b): put(b ? "true" : "false")
    case .int(let i): put(String(i))
    case .float(let f): put(NixSyntax.formatFloat(f))
    case .string(let s): writeString(s.bytes[...])
    case .path(let p): put(p.string)
    case .list(let l):
      if style == .output, l.count > 0, !seen.insert(cell ?? ObjectIdentifier(l)).inserted {
        put("«repeated»")
        return
      }
      if style == .error && depth >= Self.maxDepth {
        put("[ … ]")
        return
      }
      put("[")
      var printed = 0
      for item in l.items {
        out.append(UInt8(ascii: " "))
        if style == .error && itemsPrinted >= Self.maxItems {
          let n = l.count - printed
          put(n == 1 ? "«1 item elided»" : "«\(n) items elided»")
          break
        }
        write(item, depth: depth + 1)
        itemsPrinted += 1
        printed += 1
      }
      put(l.count == 0 ? " ]" : " ]")
    case .attrs(let a):
      if style == .output, a.count > 0, !seen.insert(ObjectIdentifier(a)).inserted {
        put("«repeated»")
        return
      }
      if style == .error && depth >= Self.maxDepth {
        put("{ … }")
        return
      }
      put("{")
      let symbols = evaluator.symbols
      let order = a.keys.indices.sorted {
        symbols.bytes(of: a.keys[$0]).lexicographicallyPrecedes(symbols.bytes(of: a.keys[$1]))
      }
      var printed = 0
      for i in order {
        out.append(UInt8(ascii: " "))
        if style == .error && attrsPrinted >= Self.maxAttrs {
          let n = a.count - printed
          put(n == 1 ? "«1 attribute elided»" : "«\(n) attributes elided»")
          break
        }
        let name = symbols.bytes(of: a.keys[i])
        if NixSyntax.isPlainIdentifier(name) {
          out.append(contentsOf: name)
        } else {
          writeString(name)
        }
        put(" = ")
        write(a.values[i], depth: depth + 1)
        out.append(UInt8(ascii: ";"))
        attrsPrinted += 1
        printed += 1
      }
      put(" }")
    case .lambda(let c):
      if style == .output {
        put("<LAMBDA>")
      } else {
        put("«lambda")
        if let name = c.lambda.name { put(" \(evaluator.symbols[name])") }
        put(" @ \(evaluator.positionText(c.lambda.span))»")
      }
    case .primop(let app):
      if style == .output {
        put(app.isBare ? "<PRIMOP>" : "<PRIMOP-APP>")
      } else {
        put(app.isBare ? "«primop \(app.primop.name)»" : "«partially applied primop \(app.primop.name)»")
      }
    case .thunk(let t):
      if let v = t.value {
        write(v, depth: depth, cell: ObjectIdentifier(t))
      } else if t.isRunning {
        put("«potential infinite recursion»")
      } else {
        put(style == .output ? "<CODE>" : "«thunk»")
      }
    }
  }

  mutating func put(_ s: String) { out.append(contentsOf: s.utf8) }

  /// A string literal with Nix's escapes.
  mutating func writeString(_ bytes: ArraySlice<UInt8>) {
    out.append(UInt8(ascii: "\""))
    var count = 0
    var i = bytes.startIndex
    while i < bytes.endIndex {
      if style == .error && count >= Self.maxString {
        out.append(UInt8(ascii: "\""))
        put("«\(bytes.endIndex - i) bytes elided»")
        return
      }
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        out.append(UInt8(ascii: "\\"))
        out.append(b)
      case 0x0A: put("\\n")
      case 0x0D: put("\\r")
      case 0x09: put("\\t")
      case UInt8(ascii: "$"):
        if i + 1 < bytes.endIndex && bytes[i + 1] == UInt8(ascii: "{") { out.append(UInt8(ascii: "\\")) }
        out.append(b)
      default: out.append(b)
      }
      count += 1
      i += 1
    }
    out.append(UInt8(ascii: "\""))
  }
}

extension Evaluator {
  /// A value as error messages show it.
  public func describe(_ value: Value) -> String {
    String(decoding: ValuePrinter.print(value, self, style: .error), as: UTF8.self)
  }

  /// Forces a value and everything in it (`--strict`, `deepSeq`).
  public func forceDeep(_ value: Value, at span: Span) throws(EvalError) {
    var visited = Set<ObjectIdentifier>()
    try forceDeep(value, at: span, &visited)
  }

  private func forceDeep(_ value: Value, at span: Span, _ visited: inout Set<ObjectIdentifier>) throws(EvalError) {
    let v = try force(value)
    deepDepth += 1
    defer { deepDepth -= 1 }
    if deepDepth > options.maxCallDepth || stack.exhausted() {
      throw EvalError(.stackOverflow, "stack overflow; max-call-depth exceeded", at: span)
    }
    switch v {
    case .list(let l):
      guard visited.insert(ObjectIdentifier(l)).inserted else { return }
      for item in l.items { try forceDeep(item, at: span, &visited) }
    case .attrs(let a):
      guard visited.insert(ObjectIdentifier(a)).inserted else { return }
      for (i, item) in a.values.enumerated() {
        do {
          try forceDeep(item, at: span, &visited)
        } catch {
          let position = a.positions[i].isKnown ? a.positions[i] : span
          throw error.adding("while evaluating the attribute '\(symbols[a.keys[i]])'", at: position)
        }
      }
    default: return
    }
  }
}
