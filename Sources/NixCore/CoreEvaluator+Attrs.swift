import NixLexer
import NixParser

extension CoreEvaluator {
  // MARK: - Building sets

  /// A set literal: its static entries in symbol order, then its dynamic ones inserted.
  func evalAttrs(_ node: Node, _ env: UnsafeMutableRawPointer) throws(CoreError) -> Value {
    let info = program.sets[node.a]
    if info.isRecursive {
      let inner = try bindRecursive(info, env)
      let set = try buildSet(info, valuesFrom: EnvRecord(inner).slots, scope: inner, span: node.span)
      return try applyOverrides(info, set, inner)
    }
    let count = Int(info.entryCount)
    if count == 0 && info.dynamicCount == 0 { return emptyAttrs }
    let sources = try inheritSources(info, env)
    let a = makeAttrs(count + Int(info.dynamicCount))
    for k in 0..<count {
      let i = Int(program.order[Int(info.orderStart) + k])
      let entry = program.entries[Int(info.entryStart) + i]
      let value: Value
      if entry.kind == .plain {
        value = delay(entry.node, env)
      } else {
        value = attributeThunk(ListRecord(sources)[Int(entry.node)], entry.symbol, entry.position)
      }
      a.set(k, symbol: entry.symbol, position: entry.position, value: value)
    }
    a.setCount(count)
    if info.dynamicCount > 0 { try addDynamic(info, to: a, env) }
    return Value(.attrs, record: a.base)
  }

  /// `rec { __overrides = { … }; … }`: the overrides replace the scope's values and are added to
  /// the set (an old Nix feature nixpkgs no longer uses, kept for compatibility).
  func applyOverrides(_ info: SetInfo, _ set: Value, _ inner: UnsafeMutableRawPointer) throws(CoreError) -> Value {
    let a = AttrsRecord(set)
    guard let i = a.find(names.overrides) else { return set }
    let overrides = try force(a.value(i))
    guard overrides.tag == .attrs else {
      throw typeError(overrides, "a set", at: program.positions[a.position(i)], "while evaluating the `__overrides` attribute")
    }
    let o = AttrsRecord(overrides)
    let slots = EnvRecord(inner).slots
    for k in 0..<o.count {
      for e in 0..<Int(info.entryCount) where program.entries[Int(info.entryStart) + e].symbol == o.symbol(k) {
        slots[e] = o.value(k)
      }
    }
    return update(set, overrides)
  }

  /// The values of `inherit (…)` sources, as a list (empty when there are none).
  func inheritSources(_ info: SetInfo, _ env: UnsafeMutableRawPointer) throws(CoreError) -> Value {
    if info.sourceCount == 0 { return emptyList }
    let list = makeList(Int(info.sourceCount))
    for i in 0..<Int(info.sourceCount) { list[i] = delayInFilling(program.operands[Int(info.sourceStart) + i], env) }
    return Value(.list, record: list.base)
  }

  /// The scope of a `let` or `rec { }`: one slot per entry, in definition order, each a thunk
  /// in the new scope.
  func bindRecursive(_ info: SetInfo, _ env: UnsafeMutableRawPointer) throws(CoreError) -> UnsafeMutableRawPointer {
    let count = Int(info.entryCount)
    let inner = makeEnv(env, count)
    let sources = try inheritSources(info, inner)
    let slots = EnvRecord(inner).slots
    for i in 0..<count {
      let entry = program.entries[Int(info.entryStart) + i]
      if entry.kind == .plain {
        slots[i] = delayInFilling(entry.node, inner)
      } else {
        slots[i] = attributeThunk(ListRecord(sources)[Int(entry.node)], entry.symbol, entry.position)
      }
    }
    return inner
  }

  /// A recursive set's value: its slots in symbol order, then its dynamic entries.
  func buildSet(_ info: SetInfo, valuesFrom slots: UnsafeMutablePointer<Value>, scope: UnsafeMutableRawPointer, span: Span) throws(CoreError) -> Value {
    let count = Int(info.entryCount)
    let a = makeAttrs(count + Int(info.dynamicCount))
    var written = 0
    var last: UInt32? = nil
    for k in 0..<count {
      let i = Int(program.order[Int(info.orderStart) + k])
      let entry = program.entries[Int(info.entryStart) + i]
      if entry.symbol == last { continue }
      last = entry.symbol
      a.set(written, symbol: entry.symbol, position: entry.position, value: slots[i])
      written += 1
    }
    a.setCount(written)
    if info.dynamicCount > 0 { try addDynamic(info, to: a, scope) }
    return Value(.attrs, record: a.base)
  }

  /// Inserts the dynamic attributes (`"${n}" = v;`; a null name adds nothing).
  func addDynamic(_ info: SetInfo, to a: AttrsRecord, _ env: UnsafeMutableRawPointer) throws(CoreError) {
    for d in 0..<Int(info.dynamicCount) {
      let dynamic = program.dynamics[Int(info.dynamicStart) + d]
      let nameValue = try eval(dynamic.name, env)
      if nameValue.tag == .null { continue }
      guard nameValue.tag == .string else {
        throw typeError(nameValue, "a string", at: program.nodes[dynamic.name].span, "while evaluating the name of a dynamic attribute")
      }
      let symbol = intern(nameValue)
      var lo = 0, hi = a.count
      while lo < hi {
        let mid = (lo + hi) >> 1
        if a.symbol(mid) < symbol { lo = mid + 1 } else { hi = mid }
      }
      if lo < a.count && a.symbol(lo) == symbol {
        let earlier = a.position(lo)
        var message = "dynamic attribute '\(symbols[Symbol(id: symbol)])' already defined"
        if earlier >= 0 { message += " at \(positionText(program.positions[earlier]))" }
        throw CoreError(.other, message, at: program.positions[dynamic.position])
      }
      let n = a.count
      var i = n
      while i > lo {
        (a.entry(i)).copyMemory(from: a.entry(i - 1), byteCount: 24)
        i -= 1
      }
      a.set(lo, symbol: symbol, position: dynamic.position, value: delay(dynamic.value, env))
      a.setCount(n + 1)
    }
  }

  /// `file:line:col` of `span`.
  func positionText(_ span: Span) -> String {
    guard span != .noPosition, let file = sources.file(span.file) else { return "«unknown»" }
    let l = file.location(of: span.start)
    return "\(file.name):\(l.line):\(l.column)"
  }

  /// The symbol of a string value's bytes.
  @inline(__always) func intern(_ v: Value) -> UInt32 {
    let s = StringRecord(v)
    let known = s.symbolPlusOne
    if known != 0 { return known - 1 }
    let symbol = symbols.intern(buffer: s.bytes).id
    s.setSymbol(symbol)
    return symbol
  }

  // MARK: - Selecting

  /// Attribute `symbol` of the set `v` (unforced), or "attribute missing".
  func attribute(_ v: Value, _ symbol: UInt32, at span: Span) throws(CoreError) -> Value {
    guard v.tag == .attrs else { throw typeError(v, "a set", at: span) }
    let a = AttrsRecord(v)
    if let i = a.find(symbol) { return a.value(i) }
    throw missingAttribute(symbol, in: a, at: span)
  }

  func missingAttribute(_ symbol: UInt32, in a: AttrsRecord, at span: Span) -> CoreError {
    CoreError(.missingAttribute, "attribute '\(symbols[Symbol(id: symbol)])' missing", at: span)
  }

  /// The symbol of a path element (a computed name is evaluated).
  @inline(__always) func elementSymbol(_ e: PathElement, _ env: UnsafeMutableRawPointer) throws(CoreError) -> UInt32 {
    if e.symbol >= 0 { return UInt32(e.symbol) }
    let v = try eval(e.node, env)
    guard v.tag == .string else { throw typeError(v, "a string", at: e.span, "while evaluating an attribute name") }
    return intern(v)
  }

  func evalSelect(_ node: Node, _ env: UnsafeMutableRawPointer) throws(CoreError) -> Value {
    var v = try evalInline(node.a, env)
    let fallback = Int32(truncatingIfNeeded: node.int)
    for k in 0..<Int(node.c) {
      let e = program.pathElements[Int(node.b) + k]
      let symbol = try elementSymbol(e, env)
      if v.tag == .attrs, let i = AttrsRecord(v).find(symbol) {
        let p = AttrsRecord(v).valuePointer(i)
        let forced = try force(p.pointee)
        p.pointee = forced
        v = forced
        continue
      }
      if fallback >= 0 { return try eval(fallback, env) }
      if v.tag == .attrs { throw missingAttribute(symbol, in: AttrsRecord(v), at: node.span) }
      throw typeError(v, "a set", at: node.span, "while selecting an attribute")
    }
    return v
  }

  func evalHasAttr(_ node: Node, _ env: UnsafeMutableRawPointer) throws(CoreError) -> Value {
    var v = try eval(node.a, env)
    let count = Int(node.c)
    for k in 0..<count {
      let e = program.pathElements[Int(node.b) + k]
      let symbol = try elementSymbol(e, env)
      guard v.tag == .attrs, let i = AttrsRecord(v).find(symbol) else { return .false }
      if k == count - 1 { return .true }
      v = try force(AttrsRecord(v).value(i))
    }
    return .true
  }

  // MARK: - Update

  /// `a // b`: the two sorted entry arrays merged, `b`'s entry winning a name both have.
  func update(_ a: Value, _ b: Value) -> Value {
    let ra = AttrsRecord(a), rb = AttrsRecord(b)
    let ca = ra.count, cb = rb.count
    if cb == 0 { return a }
    if ca == 0 { return b }
    let out = makeAttrs(ca + cb)
    var i = 0, j = 0, k = 0
    while i < ca || j < cb {
      let from: UnsafeMutableRawPointer
      if j == cb || (i < ca && ra.symbol(i) < rb.symbol(j)) {
        from = ra.entry(i)
        i += 1
      } else {
        if i < ca && ra.symbol(i) == rb.symbol(j) { i += 1 }
        from = rb.entry(j)
        j += 1
      }
      out.entry(k).copyMemory(from: from, byteCount: 24)
      k += 1
    }
    out.setCount(k)
    return Value(.attrs, record: out.base)
  }
}
