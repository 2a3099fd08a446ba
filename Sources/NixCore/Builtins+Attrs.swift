import NixLexer
import NixParser

extension CoreEvaluator {
  func registerAttrs() {
    define("attrNames", 1) { ev, a, _, _, span throws(CoreError) in
      let set = AttrsRecord(try ev.forceAttrs(a, span, "while evaluating the argument passed to builtins.attrNames"))
      if set.count == 0 { return ev.emptyList }
      let order = ev.nameOrder(set)
      let out = ev.makeList(set.count)
      for (k, i) in order.enumerated() { out[k] = ev.nameString(set.symbol(i)) }
      return Value(.list, record: out.base)
    }
    define("attrValues", 1) { ev, a, _, _, span throws(CoreError) in
      let set = AttrsRecord(try ev.forceAttrs(a, span, "while evaluating the argument passed to builtins.attrValues"))
      if set.count == 0 { return ev.emptyList }
      let order = ev.nameOrder(set)
      let out = ev.makeList(set.count)
      for (k, i) in order.enumerated() { out[k] = set.value(i) }
      return Value(.list, record: out.base)
    }
    define("getAttr", 2) { ev, n, a, _, span throws(CoreError) in
      let name = try ev.forceStringValue(n, span, "while evaluating the first argument passed to builtins.getAttr")
      let set = try ev.forceAttrs(a, span, "while evaluating the second argument passed to builtins.getAttr")
      return try ev.force(try ev.attribute(set, ev.intern(name), at: span))
    }
    define("hasAttr", 2) { ev, n, a, _, span throws(CoreError) in
      let name = try ev.forceStringValue(n, span, "while evaluating the first argument passed to builtins.hasAttr")
      let set = try ev.forceAttrs(a, span, "while evaluating the second argument passed to builtins.hasAttr")
      return .bool(AttrsRecord(set).find(ev.intern(name)) != nil)
    }
    define("removeAttrs", 2) { ev, a, n, _, span throws(CoreError) in
      let set = AttrsRecord(try ev.forceAttrs(a, span, "while evaluating the first argument passed to builtins.removeAttrs"))
      let list = try ev.forceList(n, span, "while evaluating the second argument passed to builtins.removeAttrs")
      var removed = Set<UInt32>()
      for i in 0..<list.count {
        removed.insert(ev.intern(try ev.forceStringValue(list[i], span, "while evaluating the values of the second argument passed to builtins.removeAttrs")))
      }
      let out = ev.makeAttrs(set.count)
      var k = 0
      for i in 0..<set.count where !removed.contains(set.symbol(i)) {
        out.entry(k).copyMemory(from: set.entry(i), byteCount: 24)
        k += 1
      }
      out.setCount(k)
      return Value(.attrs, record: out.base)
    }
    define("listToAttrs", 1) { ev, a, _, _, span throws(CoreError) in
      let list = try ev.forceList(a, span, "while evaluating the argument passed to builtins.listToAttrs")
      var keys: [(symbol: UInt32, index: Int)] = []
      keys.reserveCapacity(list.count)
      for i in 0..<list.count {
        let item = AttrsRecord(try ev.forceAttrs(list[i], span, "while evaluating an element of the list passed to builtins.listToAttrs"))
        guard let n = item.find(ev.names.name) else {
          throw CoreError(.missingAttribute, "attribute 'name' missing", at: span)
            .adding("in a {name=...; value=...;} pair", at: span)
        }
        let name = try ev.forceStringValue(item.value(n), span, "while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs")
        keys.append((ev.intern(name), i))
      }
      keys.sort { ($0.symbol, $0.index) < ($1.symbol, $1.index) }
      let out = ev.makeAttrs(keys.count)
      var k = 0
      for (j, key) in keys.enumerated() where j == 0 || keys[j - 1].symbol != key.symbol {
        let item = AttrsRecord(try ev.force(list[key.index]))
        guard let v = item.find(ev.names.value) else {
          throw CoreError(.missingAttribute, "attribute 'value' missing", at: span)
            .adding("in a {name=...; value=...;} pair", at: span)
        }
        out.set(k, symbol: key.symbol, position: -1, value: item.value(v))
        k += 1
      }
      out.setCount(k)
      return k == 0 ? ev.emptyAttrs : Value(.attrs, record: out.base)
    }
    define("mapAttrs", 2) { ev, f, a, _, span throws(CoreError) in
      let set = AttrsRecord(try ev.forceAttrs(a, span, "while evaluating the second argument passed to builtins.mapAttrs"))
      if set.count == 0 { return ev.emptyAttrs }
      let out = ev.makeAttrs(set.count)
      for i in 0..<set.count {
        let inner = ev.application(f, ev.nameString(set.symbol(i)))
        out.set(i, symbol: set.symbol(i), position: set.position(i), value: ev.application(inner, set.value(i)))
      }
      return Value(.attrs, record: out.base)
    }
    define("intersectAttrs", 2) { ev, a, b, _, span throws(CoreError) in
      let x = AttrsRecord(try ev.forceAttrs(a, span, "while evaluating the first argument passed to builtins.intersectAttrs"))
      let y = AttrsRecord(try ev.forceAttrs(b, span, "while evaluating the second argument passed to builtins.intersectAttrs"))
      let out = ev.makeAttrs(min(x.count, y.count))
      var i = 0, j = 0, k = 0
      while i < x.count && j < y.count {
        let sx = x.symbol(i), sy = y.symbol(j)
        if sx < sy {
          i += 1
        } else if sy < sx {
          j += 1
        } else {
          out.entry(k).copyMemory(from: y.entry(j), byteCount: 24)
          k += 1
          i += 1
          j += 1
        }
      }
      out.setCount(k)
      return k == 0 ? ev.emptyAttrs : Value(.attrs, record: out.base)
    }
    define("catAttrs", 2) { ev, n, a, _, span throws(CoreError) in
      let symbol = ev.intern(try ev.forceStringValue(n, span, "while evaluating the first argument passed to builtins.catAttrs"))
      let list = try ev.forceList(a, span, "while evaluating the second argument passed to builtins.catAttrs")
      let out = ev.makeList(list.count)
      var k = 0
      for i in 0..<list.count {
        let set = AttrsRecord(try ev.forceAttrs(list[i], span, "while evaluating an element in the list passed as second argument to builtins.catAttrs"))
        if let j = set.find(symbol) {
          out[k] = set.value(j)
          k += 1
        }
      }
      out.setCount(k)
      return k == 0 ? ev.emptyList : Value(.list, record: out.base)
    }
    define("zipAttrsWith", 2) { ev, f, a, _, span throws(CoreError) in
      let list = try ev.forceList(a, span, "while evaluating the second argument passed to builtins.zipAttrsWith")
      var keys: [(symbol: UInt32, set: Int, index: Int)] = []
      for i in 0..<list.count {
        let set = AttrsRecord(try ev.forceAttrs(list[i], span, "while evaluating a value of the list passed as second argument to builtins.zipAttrsWith"))
        for j in 0..<set.count { keys.append((set.symbol(j), i, j)) }
      }
      keys.sort { ($0.symbol, $0.set) < ($1.symbol, $1.set) }
      var groups: [(start: Int, end: Int)] = []
      var s = 0
      while s < keys.count {
        var e = s + 1
        while e < keys.count && keys[e].symbol == keys[s].symbol { e += 1 }
        groups.append((s, e))
        s = e
      }
      let out = ev.makeAttrs(groups.count)
      for (g, group) in groups.enumerated() {
        let values = ev.makeList(group.end - group.start)
        for m in group.start..<group.end {
          values[m - group.start] = AttrsRecord(try ev.force(list[keys[m].set])).value(keys[m].index)
        }
        let symbol = keys[group.start].symbol
        let inner = ev.application(f, ev.nameString(symbol))
        out.set(g, symbol: symbol, position: -1, value: ev.application(inner, Value(.list, record: values.base)))
      }
      return groups.isEmpty ? ev.emptyAttrs : Value(.attrs, record: out.base)
    }
    define("unsafeGetAttrPos", 2) { ev, n, a, _, span throws(CoreError) in
      let name = try ev.forceStringValue(n, span, "while evaluating the first argument passed to builtins.unsafeGetAttrPos")
      let set = AttrsRecord(try ev.forceAttrs(a, span, "while evaluating the second argument passed to builtins.unsafeGetAttrPos"))
      guard let i = set.find(ev.intern(name)), set.position(i) >= 0 else { return .null }
      return ev.position(ev.program.positions[set.position(i)])
    }
  }

  /// The entries' indices in the order of their names' bytes (Nix's order for names).
  func nameOrder(_ set: AttrsRecord) -> [Int] {
    var order = Array(0..<set.count)
    order.sort { symbols.compare(Symbol(id: set.symbol($0)), Symbol(id: set.symbol($1))) }
    return order
  }

  /// A symbol's name as a string value, made once (permanent).
  func nameString(_ symbol: UInt32) -> Value {
    let i = Int(symbol)
    if i < nameStrings.count, nameStrings[i] != 0 { return Value(.string, nameStrings[i]) }
    if i >= nameStrings.count { nameStrings += [UInt64](repeating: 0, count: i + 1 - nameStrings.count + 256) }
    let record = StringRecord.permanent(symbols.bytes(of: Symbol(id: symbol)))
    record.setSymbol(symbol)
    nameStrings[i] = UInt64(UInt(bitPattern: record.base))
    return Value(.string, nameStrings[i])
  }
}
