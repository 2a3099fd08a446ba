import NixLexer
import NixParser

extension CoreEvaluator {
  // MARK: - Equality

  /// `a == b` on values in weak head normal form (nested values are forced as needed).
  func equal(_ a: Value, _ b: Value, at span: Span, depth: Int = 0) throws(CoreError) -> Bool {
    if depth > 10_000 { throw CoreError(.stackOverflow, "stack overflow; max-call-depth exceeded", at: span) }
    switch (a.tag, b.tag) {
    case (.int, .int): return a.bits == b.bits
    case (.int, .float): return Double(a.asInt) == b.asFloat
    case (.float, .int): return a.asFloat == Double(b.asInt)
    case (.float, .float): return a.asFloat == b.asFloat
    case (.null, .null): return true
    case (.bool, .bool): return a.bits == b.bits
    case (.string, .string), (.path, .path):
      return StringRecord(a).bytes.elementsEqual(StringRecord(b).bytes)
    case (.list, .list):
      let la = ListRecord(a), lb = ListRecord(b)
      guard la.count == lb.count else { return false }
      for i in 0..<la.count where !identical(la[i], lb[i]) {
        if !(try equal(try force(la[i]), try force(lb[i]), at: span, depth: depth + 1)) { return false }
      }
      return true
    case (.attrs, .attrs):
      let ra = AttrsRecord(a), rb = AttrsRecord(b)
      // Two derivations are equal when their outPaths are.
      if isDerivation(ra), isDerivation(rb), let i = ra.find(names.outPath), let j = rb.find(names.outPath) {
        return try equal(try force(ra.value(i)), try force(rb.value(j)), at: span, depth: depth + 1)
      }
      guard ra.count == rb.count else { return false }
      for i in 0..<ra.count where ra.symbol(i) != rb.symbol(i) { return false }
      for i in 0..<ra.count where !identical(ra.value(i), rb.value(i)) {
        if !(try equal(try force(ra.value(i)), try force(rb.value(i)), at: span, depth: depth + 1)) { return false }
      }
      return true
    default: return false
    }
  }

  /// Whether two elements are the same cell (the same thunk or record), which Nix counts as
  /// equal without comparing (so a list holding one function twice equals itself).
  @inline(__always) func identical(_ a: Value, _ b: Value) -> Bool {
    a.tag == b.tag && a.bits == b.bits && a.tag.rawValue >= Value.Tag.string.rawValue
  }

  /// Whether the set has `type = "derivation"`.
  func isDerivation(_ a: AttrsRecord) -> Bool {
    guard let i = a.find(names.type), let v = try? force(a.value(i)), v.tag == .string else { return false }
    return StringRecord(v).bytes.elementsEqual("derivation".utf8)
  }

  // MARK: - `+` and interpolation

  /// `a + b + …` or an interpolated string or path.
  func evalConcat(_ node: Node, _ env: UnsafeMutableRawPointer, first evaluated: Value? = nil) throws(CoreError) -> Value {
    let start = Int(node.a), count = Int(node.b)
    let first: Value
    if let evaluated { first = evaluated } else { first = try eval(program.operands[start], env) }
    if node.flag == 0 {
      // Numbers: added left to right.
      if first.tag == .int || first.tag == .float {
        var acc = first
        for k in 1..<count {
          let v = try eval(program.operands[start + k], env)
          acc = try add(acc, v, at: node.span)
        }
        return acc
      }
    }
    // Strings (or a path, when the first part is one): the parts' bytes joined.
    var bytes: [UInt8] = []
    var context: [String] = []
    let isPath = first.tag == .path && node.flag == 0
    try appendCoerced(first, to: &bytes, context: &context, interpolation: node.flag != 0, at: node.span)
    for k in 1..<count {
      let part = program.operands[start + k]
      let v = try eval(part, env)
      if isPath, v.tag == .string, StringRecord(v).context != 0 {
        throw CoreError(.type, "a string that refers to a store path cannot be appended to a path", at: node.span)
      }
      try appendCoerced(v, to: &bytes, context: &context, interpolation: node.flag != 0, at: program.nodes[part].span)
    }
    if isPath { return string(canonicalPath(bytes), tag: .path) }
    return string(bytes, context: contextIndex(context))
  }

  /// Two numbers added (an integer overflow is an error).
  func add(_ a: Value, _ b: Value, at span: Span) throws(CoreError) -> Value {
    switch (a.tag, b.tag) {
    case (.int, .int):
      let (r, o) = a.asInt.addingReportingOverflow(b.asInt)
      if o { throw CoreError(.other, "integer overflow in adding \(a.asInt) + \(b.asInt)", at: span) }
      return .int(r)
    case (.int, .float): return .float(Double(a.asInt) + b.asFloat)
    case (.float, .int): return .float(a.asFloat + Double(b.asInt))
    case (.float, .float): return .float(a.asFloat + b.asFloat)
    default:
      if a.tag == .int || a.tag == .float {
        throw CoreError(.type, "cannot add \(b.typeDescription) to \(a.typeDescription == "an integer" ? "an integer" : "a float")", at: span)
      }
      throw typeError(b, "a number", at: span)
    }
  }

  /// Appends `v` as `+` and `"${…}"` coerce it: strings and paths as they are, sets through
  /// `__toString` or `outPath`; with `interpolation` false nothing else either (Nix's rule for
  /// both).
  func appendCoerced(_ value: Value, to bytes: inout [UInt8], context: inout [String], interpolation: Bool, at span: Span) throws(CoreError) {
    let v = try force(value)
    switch v.tag {
    case .string:
      let s = StringRecord(v)
      bytes.append(contentsOf: s.bytes)
      if s.context != 0 { context.append(contentsOf: contexts[s.context - 1]) }
    case .path:
      if interpolation || !bytes.isEmpty {
        throw CoreError(.notImplemented, "copying a path to the store is not implemented in the next core", at: span)
      }
      bytes.append(contentsOf: StringRecord(v).bytes)
    case .attrs:
      let a = AttrsRecord(v)
      if let i = a.find(names.toString) {
        let s = try call(a.value(i), v, at: span)
        try appendCoerced(s, to: &bytes, context: &context, interpolation: interpolation, at: span)
      } else if let i = a.find(names.outPath) {
        try appendCoerced(a.value(i), to: &bytes, context: &context, interpolation: interpolation, at: span)
      } else {
        throw CoreError(.type, "cannot coerce a set to a string: \(errorText(v))", at: span)
      }
    default:
      throw CoreError(.type, "cannot coerce \(v.typeDescription) to a string: \(errorText(v))", at: span)
    }
  }

  /// `toString`'s coercion: also numbers, Booleans, null and lists (items joined by spaces).
  func appendToString(_ value: Value, to bytes: inout [UInt8], context: inout [String], at span: Span) throws(CoreError) {
    let v = try force(value)
    switch v.tag {
    case .int: bytes.append(contentsOf: String(v.asInt).utf8)
    case .float: bytes.append(contentsOf: formatFloatForString(v.asFloat).utf8)
    case .bool: if v.asBool { bytes.append(UInt8(ascii: "1")) }
    case .null: break
    case .path: bytes.append(contentsOf: StringRecord(v).bytes)
    case .list:
      let l = ListRecord(v)
      for i in 0..<l.count {
        if i > 0 { bytes.append(UInt8(ascii: " ")) }
        try appendToString(l[i], to: &bytes, context: &context, at: span)
      }
    case .attrs:
      let a = AttrsRecord(v)
      if let i = a.find(names.toString) {
        let s = try call(a.value(i), v, at: span)
        try appendToString(s, to: &bytes, context: &context, at: span)
      } else if let i = a.find(names.outPath) {
        try appendToString(a.value(i), to: &bytes, context: &context, at: span)
      } else {
        throw CoreError(.type, "cannot coerce a set to a string: \(errorText(v))", at: span)
      }
    default: try appendCoerced(v, to: &bytes, context: &context, interpolation: false, at: span)
    }
  }

  /// A float as `toString` writes it (`%f`-like: six decimals).
  func formatFloatForString(_ d: Double) -> String {
    var s = String(d)
    if let dot = s.firstIndex(of: ".") {
      let decimals = s.distance(from: dot, to: s.endIndex) - 1
      if decimals < 6 { s += String(repeating: "0", count: 6 - decimals) }
    }
    return s
  }

  /// The context index of a list of context elements (0 for none).
  func contextIndex(_ context: [String]) -> Int {
    if context.isEmpty { return 0 }
    contexts.append(Array(Set(context)).sorted())
    return contexts.count
  }

  /// A path made canonical: no `.` or `..` parts, no repeated or trailing slashes.
  func canonicalPath(_ bytes: [UInt8]) -> [UInt8] {
    var parts: [ArraySlice<UInt8>] = []
    for part in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
      if part.elementsEqual(".".utf8) { continue }
      if part.elementsEqual("..".utf8) {
        if !parts.isEmpty { parts.removeLast() }
        continue
      }
      parts.append(part)
    }
    if parts.isEmpty { return Array("/".utf8) }
    var out: [UInt8] = []
    for p in parts {
      out.append(UInt8(ascii: "/"))
      out.append(contentsOf: p)
    }
    return out
  }

  // MARK: - Comparison

  /// `a < b` (numbers, strings, paths, lists lexicographically).
  func lessThan(_ a: Value, _ b: Value, at span: Span) throws(CoreError) -> Bool {
    switch (a.tag, b.tag) {
    case (.int, .int): return a.asInt < b.asInt
    case (.int, .float): return Double(a.asInt) < b.asFloat
    case (.float, .int): return a.asFloat < Double(b.asInt)
    case (.float, .float): return a.asFloat < b.asFloat
    case (.string, .string), (.path, .path):
      return StringRecord(a).bytes.lexicographicallyPrecedes(StringRecord(b).bytes)
    case (.list, .list):
      let la = ListRecord(a), lb = ListRecord(b)
      var i = 0
      while true {
        if i == lb.count { return false }
        if i == la.count { return true }
        if identical(la[i], lb[i]) {
          i += 1
          continue
        }
        let x = try force(la[i]), y = try force(lb[i])
        if !(try equal(x, y, at: span)) { return try lessThan(x, y, at: span) }
        i += 1
      }
    default:
      throw CoreError(.type, "cannot compare \(a.typeDescription) with \(b.typeDescription)", at: span)
    }
  }
}
