import NixLexer
import NixParser

extension Builtins {
  /// Attribute sets: `attrNames`, `attrValues` (both in name order), `getAttr`, `hasAttr`,
  /// `removeAttrs`, `intersectAttrs`, `mapAttrs` (lazy in every value), `listToAttrs` (the
  /// first occurrence of a name wins) and `catAttrs`.
  static var attrPrimOps: [PrimOp] {
    [
      PrimOp(unary: "attrNames", strict: true) { ev, argument, span throws(EvalError) in
        let a = try ev.forceAttrs(argument, at: span, "while evaluating the argument passed to builtins.attrNames")
        var items: [Value] = []
        items.reserveCapacity(a.count)
        let keys = a.keys
        for i in nameOrder(ev, a) { items.append(ev.nameString(keys[i])) }
        return .list(items.isEmpty ? .empty : NixList(items))
      },
      PrimOp(unary: "attrValues", strict: true) { ev, argument, span throws(EvalError) in
        let a = try ev.forceAttrs(argument, at: span, "while evaluating the argument passed to builtins.attrValues")
        var items: [Value] = []
        items.reserveCapacity(a.count)
        for i in nameOrder(ev, a) { items.append(a.values[i]) }
        return .list(items.isEmpty ? .empty : NixList(items))
      },
      PrimOp(strictBinary: "getAttr") { ev, name, set, span throws(EvalError) in
        let n = try ev.forceStringWithoutContext(name, at: span, "while evaluating the first argument passed to builtins.getAttr")
        let a = try ev.forceAttrs(set, at: span, "while evaluating the second argument passed to builtins.getAttr")
        let sym = ev.symbol(of: n)
        guard let v = a[sym] else {
          throw ev.missingAttribute(sym, at: span).adding("in the attribute set under consideration", at: span)
        }
        return try ev.force(v)
      },
      PrimOp(strictBinary: "hasAttr") { ev, name, set, span throws(EvalError) in
        let n = try ev.forceStringWithoutContext(name, at: span, "while evaluating the first argument passed to builtins.hasAttr")
        let a = try ev.forceAttrs(set, at: span, "while evaluating the second argument passed to builtins.hasAttr")
        return .bool(a.index(of: ev.symbol(of: n)) != nil)
      },
      PrimOp(strictBinary: "removeAttrs") { ev, set, names, span throws(EvalError) in
        let a = try ev.forceAttrs(set, at: span, "while evaluating the first argument passed to builtins.removeAttrs")
        let l = try ev.forceList(names, at: span, "while evaluating the second argument passed to builtins.removeAttrs")
        var removed = SymbolMap(capacity: l.count)
        for item in l.items {
          let n = try ev.forceStringWithoutContext(
            item, at: span, "while evaluating the values of the second argument passed to builtins.removeAttrs")
          removed.insert(ev.symbol(of: n))
        }
        if removed.count == 0 || a.isEmpty { return .attrs(a) }
        var k: [Symbol] = []
        var v: [Value] = []
        var p: [Span] = []
        k.reserveCapacity(a.count)
        v.reserveCapacity(a.count)
        p.reserveCapacity(a.count)
        for i in 0..<a.count where !removed.contains(a.keys[i]) {
          k.append(a.keys[i])
          v.append(a.values[i])
          p.append(a.positions[i])
        }
        if k.count == a.count { return .attrs(a) }
        return .attrs(Attrs(sortedKeys: k, values: v, positions: p))
      },
      PrimOp(strictBinary: "intersectAttrs") { ev, first, second, span throws(EvalError) in
        let a = try ev.forceAttrs(first, at: span, "while evaluating the first argument passed to builtins.intersectAttrs")
        let b = try ev.forceAttrs(second, at: span, "while evaluating the second argument passed to builtins.intersectAttrs")
        // Both are sorted by symbol id: one merging pass keeps `b`'s attributes named in `a`.
        var k: [Symbol] = []
        var v: [Value] = []
        var p: [Span] = []
        let capacity = min(a.count, b.count)
        k.reserveCapacity(capacity)
        v.reserveCapacity(capacity)
        p.reserveCapacity(capacity)
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
          let x = a.keys[i].id
          let y = b.keys[j].id
          if x < y {
            i += 1
          } else if y < x {
            j += 1
          } else {
            k.append(b.keys[j])
            v.append(b.values[j])
            p.append(b.positions[j])
            i += 1
            j += 1
          }
        }
        if k.count == b.count { return .attrs(b) }
        return .attrs(k.isEmpty ? .empty : Attrs(sortedKeys: k, values: v, positions: p))
      },
      .binary("mapAttrs") { ev, f, set, span throws(EvalError) in
        let a = try ev.forceAttrs(set, at: span, "while evaluating the second argument passed to builtins.mapAttrs")
        if a.isEmpty { return .attrs(a) }
        let keys = a.keys
        let values = a.values
        var v: [Value] = []
        v.reserveCapacity(keys.count)
        for i in 0..<keys.count {
          // Without a position, as Nix's applications made by `mapAttrs` have none.
          v.append(.thunk(Thunk(apply: f, to: ev.nameString(keys[i]), values[i], at: .unknown)))
        }
        return .attrs(Attrs(sortedKeys: keys, values: v, positions: ev.unknownPositions(keys.count)))
      },
      PrimOp(unary: "listToAttrs", strict: true) { ev, argument, span throws(EvalError) in
        let l = try ev.forceList(argument, at: span, "while evaluating the argument passed to builtins.listToAttrs")
        let pair = "in a {name=...; value=...;} pair"
        // First every name (as Nix does), keeping the first element of each.
        var seen = SymbolMap(capacity: l.count)
        var chosen: [(Symbol, Attrs)] = []
        chosen.reserveCapacity(l.count)
        for item in l.items {
          let a = try ev.forceAttrs(item, at: span, "while evaluating an element of the list passed to builtins.listToAttrs")
          guard let ni = a.index(of: ev.names.name) else {
            throw ev.missingAttribute(ev.names.name, at: span).adding(pair, at: span)
          }
          let namePosition = a.positions[ni].isKnown ? a.positions[ni] : span
          let n = try ev.forceStringWithoutContext(
            a.values[ni], at: namePosition,
            "while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs")
          let sym = ev.symbol(of: n)
          if seen.insert(sym) { chosen.append((sym, a)) }
        }
        var b = AttrsBuilder(capacity: chosen.count)
        for (sym, a) in chosen {
          guard let i = a.index(of: ev.names.value) else {
            throw ev.missingAttribute(ev.names.value, at: span).adding(pair, at: span)
          }
          b.add(sym, a.values[i], at: a.positions[i])
        }
        return .attrs(b.build())
      },
      PrimOp(strictBinary: "catAttrs") { ev, name, list, span throws(EvalError) in
        let n = try ev.forceStringWithoutContext(name, at: span, "while evaluating the first argument passed to builtins.catAttrs")
        let l = try ev.forceList(list, at: span, "while evaluating the second argument passed to builtins.catAttrs")
        let sym = ev.symbol(of: n)
        var items: [Value] = []
        for item in l.items {
          let a = try ev.forceAttrs(
            item, at: span, "while evaluating an element in the list passed as second argument to builtins.catAttrs")
          if let v = a[sym] { items.append(v) }
        }
        return .list(items.isEmpty ? .empty : NixList(items))
      },
    ]
  }

  /// The indices of `set`'s attributes ordered by name bytes, as `attrNames` lists them.
  /// Sorted by each name's first eight bytes as an integer, bytes compared only on ties;
  /// insertion sort for the usual small sets.
  static func nameOrder(_ ev: Evaluator, _ set: Attrs) -> [Int] {
    let symbols = ev.symbols
    let keys = set.keys
    let n = keys.count
    var order: [(prefix: UInt64, index: Int)] = []
    order.reserveCapacity(n)
    for i in 0..<n { order.append((symbols.prefix(of: keys[i]), i)) }
    func less(_ a: (prefix: UInt64, index: Int), _ b: (prefix: UInt64, index: Int)) -> Bool {
      a.prefix != b.prefix ? a.prefix < b.prefix : symbols.compare(keys[a.index], keys[b.index])
    }
    if n <= 16 {
      var i = 1
      while i < n {
        let x = order[i]
        var j = i
        while j > 0 && less(x, order[j - 1]) {
          order[j] = order[j - 1]
          j -= 1
        }
        order[j] = x
        i += 1
      }
    } else {
      order.sort(by: less)
    }
    return order.map(\.index)
  }
}
