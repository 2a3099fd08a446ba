import NixLexer
import NixParser

extension Builtins {
  /// Lists: `length`, `head`, `tail`, `elemAt`, `elem`, `filter`, `map`, `concatLists`,
  /// `concatMap`, `foldl'`, `genList`, `sort`, `partition`, `all`, `any`, `groupBy`,
  /// `genericClosure` and `zipAttrsWith`, with Nix's laziness: `map` and `genList` make a thunk
  /// per element, `foldl'` forces each accumulator but neither the initial one nor the elements.
  static var listPrimOps: [PrimOp] {
    [
      PrimOp(unary: "length", strict: true) { ev, argument, span throws(EvalError) in
        .int(Int64(try ev.forceList(argument, at: span, "while evaluating the first argument passed to builtins.length").count))
      },
      PrimOp(unary: "head", strict: true) { ev, argument, span throws(EvalError) in
        let l = try ev.forceList(argument, at: span, "while evaluating the first argument passed to 'builtins.head'")
        guard let first = l.items.first else {
          throw EvalError(.other, "'builtins.head' called on an empty list", at: span)
        }
        return try ev.force(first)
      },
      PrimOp(unary: "tail", strict: true) { ev, argument, span throws(EvalError) in
        let l = try ev.forceList(argument, at: span, "while evaluating the first argument passed to 'builtins.tail'")
        if l.count == 0 { throw EvalError(.other, "'builtins.tail' called on an empty list", at: span) }
        return l.count == 1 ? .list(.empty) : .list(NixList(Array(l.items[1...])))
      },
      .binary("elemAt") { ev, list, index, span throws(EvalError) in
        let n = try ev.forceInt(index, at: span, "while evaluating the second argument passed to 'builtins.elemAt'")
        let l = try ev.forceList(list, at: span, "while evaluating the first argument passed to 'builtins.elemAt'")
        guard n >= 0 && n < Int64(l.count) else {
          throw EvalError(.other, "'builtins.elemAt' called with index \(n) on a list of size \(l.count)", at: span)
        }
        return try ev.force(l.items[Int(n)])
      },
      .binary("elem") { ev, x, list, span throws(EvalError) in
        let l = try ev.forceList(list, at: span, "while evaluating the second argument passed to builtins.elem")
        // As in Nix, an element that is the very same value as `x` is equal even if a function.
        for item in l.items where try ev.equalElement(x, item, at: span) { return .bool(true) }
        return .bool(false)
      },
      .binary("map") { ev, f, list, span throws(EvalError) in
        let l = try ev.forceList(list, at: span, "while evaluating the second argument passed to builtins.map")
        if l.count == 0 { return .list(l) }
        let fn = try knownFunction(ev, f, span, "while evaluating the first argument passed to builtins.map")
        var items: [Value] = []
        items.reserveCapacity(l.count)
        for item in l.items { items.append(.thunk(Thunk(apply: fn, to: item))) }
        return .list(NixList(items))
      },
      .binary("filter") { ev, f, list, span throws(EvalError) in
        let l = try ev.forceList(list, at: span, "while evaluating the second argument passed to builtins.filter")
        if l.count == 0 { return .list(l) }
        let fn = try ev.forceFunction(f, at: span, "while evaluating the first argument passed to builtins.filter")
        var kept: [Value] = []
        kept.reserveCapacity(l.count)
        for item in l.items {
          let r = try ev.call(fn, item, at: span)
          if try ev.forceBool(r, at: span, "while evaluating the return value of the filtering function passed to builtins.filter") {
            kept.append(item)
          }
        }
        return kept.count == l.count ? .list(l) : .list(NixList(kept))
      },
      PrimOp(unary: "concatLists", strict: true) { ev, argument, span throws(EvalError) in
        let l = try ev.forceList(argument, at: span, "while evaluating the first argument passed to builtins.concatLists")
        var lists: [NixList] = []
        lists.reserveCapacity(l.count)
        for item in l.items {
          lists.append(try ev.forceList(item, at: span, "while evaluating a value of the list passed to builtins.concatLists"))
        }
        return .list(concatenate(lists))
      },
      .binary("concatMap") { ev, f, list, span throws(EvalError) in
        let fn = try ev.forceFunction(f, at: span, "while evaluating the first argument passed to builtins.concatMap")
        let l = try ev.forceList(list, at: span, "while evaluating the second argument passed to builtins.concatMap")
        // Nix shows a wrong return value at the function.
        var returnSpan = span
        if case .lambda(let c) = fn { returnSpan = c.lambda.span }
        var lists: [NixList] = []
        lists.reserveCapacity(l.count)
        for item in l.items {
          let r = try ev.call(fn, item, at: span)
          guard case .list(let list) = r else {
            throw EvalError(.type, "expected a list but found \(r.typeDescription): \(ev.describe(r))", at: span)
              .adding("while evaluating the return value of the function passed to builtins.concatMap", at: returnSpan)
          }
          lists.append(list)
        }
        return .list(concatenate(lists))
      },
      .ternary("foldl'") { ev, f, initial, list, span throws(EvalError) in
        let fn = try ev.forceFunction(f, at: span, "while evaluating the first argument passed to builtins.foldlStrict")
        let l = try ev.forceList(list, at: span, "while evaluating the third argument passed to builtins.foldlStrict")
        if l.count == 0 { return try ev.force(initial) }
        // Each application's result is forced (`call` returns a value in weak head normal
        // form); the initial accumulator and the elements are passed unevaluated.
        var acc = initial
        for item in l.items { acc = try ev.call(fn, acc, item, at: span) }
        return acc
      },
      .binary("genList") { ev, f, length, span throws(EvalError) in
        let n = try ev.forceInt(length, at: span, "while evaluating the second argument passed to builtins.genList")
        if n < 0 { throw EvalError(.other, "cannot create list of size \(n)", at: span) }
        let fn = try knownFunction(ev, f, span, "while evaluating the first argument passed to builtins.genList")
        if n == 0 { return .list(.empty) }
        var items: [Value] = []
        items.reserveCapacity(Int(n))
        for i in 0..<n { items.append(.thunk(Thunk(apply: fn, to: .int(i)))) }
        return .list(NixList(items))
      },
      .binary("sort") { ev, f, list, span throws(EvalError) in
        let l = try ev.forceList(list, at: span, "while evaluating the second argument passed to builtins.sort")
        if l.count == 0 { return .list(l) }
        let fn = try ev.forceFunction(f, at: span, "while evaluating the first argument passed to builtins.sort")
        var items: [Value] = []
        items.reserveCapacity(l.count)
        for item in l.items { items.append(try ev.force(item)) }
        if case .primop(let app) = fn, app.isBare, app.primop.name == "lessThan" {
          try mergeSort(&items) { a, b throws(EvalError) in try ev.lessThan(a, b, at: span) }
        } else {
          try mergeSort(&items) { a, b throws(EvalError) in
            try ev.forceBool(
              try ev.call(fn, a, b, at: span), at: span,
              "while evaluating the return value of the sorting function passed to builtins.sort")
          }
        }
        return .list(NixList(items))
      },
      .binary("partition") { ev, f, list, span throws(EvalError) in
        let fn = try ev.forceFunction(f, at: span, "while evaluating the first argument passed to builtins.partition")
        let l = try ev.forceList(list, at: span, "while evaluating the second argument passed to builtins.partition")
        var right: [Value] = []
        var wrong: [Value] = []
        for item in l.items {
          let v = try ev.force(item)
          let r = try ev.call(fn, v, at: span)
          if try ev.forceBool(r, at: span, "while evaluating the return value of the partition function passed to builtins.partition") {
            right.append(v)
          } else {
            wrong.append(v)
          }
        }
        var b = AttrsBuilder(capacity: 2)
        b.add(ev.names.right, .list(right.isEmpty ? .empty : NixList(right)))
        b.add(ev.names.wrong, .list(wrong.isEmpty ? .empty : NixList(wrong)))
        return .attrs(b.build())
      },
      anyOrAll("any", true),
      anyOrAll("all", false),
      .binary("groupBy") { ev, f, list, span throws(EvalError) in
        let fn = try ev.forceFunction(f, at: span, "while evaluating the first argument passed to builtins.groupBy")
        let l = try ev.forceList(list, at: span, "while evaluating the second argument passed to builtins.groupBy")
        var slots = SymbolMap()
        var names: [Symbol] = []
        var groups: [[Value]] = []
        for item in l.items {
          let name = try ev.forceStringWithoutContext(
            try ev.call(fn, item, at: span), at: span,
            "while evaluating the return value of the grouping function passed to builtins.groupBy")
          let sym = ev.symbol(of: name)
          if let slot = slots.value(of: sym) {
            groups[slot].append(item)
          } else {
            slots.insert(sym, value: groups.count)
            names.append(sym)
            groups.append([item])
          }
        }
        var b = AttrsBuilder(capacity: names.count)
        for (i, name) in names.enumerated() { b.add(name, .list(NixList(groups[i]))) }
        return .attrs(b.build())
      },
      .unary("genericClosure") { ev, arg, span throws(EvalError) in try genericClosure(ev, arg, span) },
      .binary("zipAttrsWith") { ev, f, list, span throws(EvalError) in
        let fn = try ev.forceFunction(f, at: span, "while evaluating the first argument passed to builtins.zipAttrsWith")
        let l = try ev.forceList(list, at: span, "while evaluating the second argument passed to builtins.zipAttrsWith")
        var slots = SymbolMap()
        var names: [Symbol] = []
        var values: [[Value]] = []
        for item in l.items {
          let set = try ev.forceAttrs(
            item, at: span, "while evaluating a value of the list passed as second argument to builtins.zipAttrsWith")
          for (k, v) in zip(set.keys, set.values) {
            if let slot = slots.value(of: k) {
              values[slot].append(v)
            } else {
              slots.insert(k, value: values.count)
              names.append(k)
              values.append([v])
            }
          }
        }
        var b = AttrsBuilder(capacity: names.count)
        for (i, name) in names.enumerated() {
          b.add(name, .thunk(Thunk(apply: fn, to: ev.nameString(name), .list(NixList(values[i])), at: span)))
        }
        return .attrs(b.build())
      },
    ]
  }

  /// The function argument of `map` or `genList`, checked if already evaluated; an unevaluated
  /// one stays lazy (applying it fails in each element instead), so that `map (throw "a") xs`
  /// and a function defined through the result itself work, as the tvix tests expect.
  static func knownFunction(_ ev: Evaluator, _ f: Value, _ span: Span, _ context: @autoclosure () -> String) throws(EvalError) -> Value {
    if case .thunk(let t) = f, t.value == nil { return f }
    return try ev.forceFunction(f, at: span, context())
  }

  /// `any` (`isAny`) or `all`: stops at the first element deciding the answer.
  static func anyOrAll(_ name: String, _ isAny: Bool) -> PrimOp {
    .binary(name) { ev, f, list, span throws(EvalError) in
      let fn = try ev.forceFunction(f, at: span, "while evaluating the first argument passed to builtins.\(name)")
      let l = try ev.forceList(list, at: span, "while evaluating the second argument passed to builtins.\(name)")
      for item in l.items {
        let r = try ev.call(fn, item, at: span)
        if try ev.forceBool(r, at: span, "while evaluating the return value of the function passed to builtins.\(name)") == isAny {
          return .bool(isAny)
        }
      }
      return .bool(!isAny)
    }
  }

  /// The lists one after another, sharing a list when it is the only non-empty one.
  static func concatenate(_ lists: [NixList]) -> NixList {
    var total = 0
    var nonEmpty: NixList? = nil
    var nonEmptyCount = 0
    for l in lists where l.count > 0 {
      total += l.count
      nonEmpty = l
      nonEmptyCount += 1
    }
    if nonEmptyCount == 0 { return .empty }
    if nonEmptyCount == 1, let only = nonEmpty { return only }
    var items: [Value] = []
    items.reserveCapacity(total)
    for l in lists { items.append(contentsOf: l.items) }
    return NixList(items)
  }

  /// A stable merge sort (insertion sort on short runs, then bottom-up merges) calling `less`
  /// as `less(later, earlier)`, the way `std::stable_sort` asks, so that errors from an
  /// ill-behaved comparator read as in Nix.
  static func mergeSort(_ items: inout [Value], _ less: (Value, Value) throws(EvalError) -> Bool) throws(EvalError) {
    let n = items.count
    if n < 2 { return }
    let run = 8
    var start = 0
    while start < n {
      let end = min(start + run, n)
      var i = start + 1
      while i < end {
        let x = items[i]
        var j = i
        while j > start, try less(x, items[j - 1]) {
          items[j] = items[j - 1]
          j -= 1
        }
        items[j] = x
        i += 1
      }
      start = end
    }
    if n <= run { return }
    var buffer = items
    var width = run
    while width < n {
      var lo = 0
      while lo < n {
        let mid = min(lo + width, n)
        let hi = min(lo + 2 * width, n)
        var i = lo
        var j = mid
        var k = lo
        while i < mid && j < hi {
          if try less(items[j], items[i]) {
            buffer[k] = items[j]
            j += 1
          } else {
            buffer[k] = items[i]
            i += 1
          }
          k += 1
        }
        while i < mid {
          buffer[k] = items[i]
          i += 1
          k += 1
        }
        while j < hi {
          buffer[k] = items[j]
          j += 1
          k += 1
        }
        lo = hi
      }
      swap(&items, &buffer)
      width *= 2
    }
  }

  /// `genericClosure { startSet; operator; }`: a breadth-first walk from `startSet`, calling
  /// `operator` on each element whose `key` was not seen before. Keys are compared with `<`
  /// as Nix's ordered set does; sets of only integer or only string keys use a hash set.
  static func genericClosure(_ ev: Evaluator, _ arg: Value, _ span: Span) throws(EvalError) -> Value {
    let args = try ev.forceAttrs(arg, at: span, "while evaluating the first argument passed to builtins.genericClosure")
    let context = "in the attrset passed as argument to builtins.genericClosure"
    let startSymbol = ev.symbols.intern("startSet")
    guard let start = args[startSymbol] else {
      throw ev.missingAttribute(startSymbol, at: span).adding(context, at: span)
    }
    let startList = try ev.forceList(
      start, at: span, "while evaluating the 'startSet' attribute passed as argument to builtins.genericClosure")
    if startList.count == 0 { return .list(startList) }
    let operatorSymbol = ev.symbols.intern("operator")
    guard let op = args[operatorSymbol] else {
      throw ev.missingAttribute(operatorSymbol, at: span).adding(context, at: span)
    }
    let fn = try ev.forceFunction(
      op, at: span, "while evaluating the 'operator' attribute passed as argument to builtins.genericClosure")

    var work = startList.items
    var next = 0
    var result: [Value] = []
    var seen = ClosureKeys()
    while next < work.count {
      let e = try ev.force(work[next])
      next += 1
      guard case .attrs(let set) = e else {
        throw ev.typeError("a set", e, at: span, "in genericClosure element \(ev.describe(e))")
      }
      guard let keyValue = set[ev.names.key] else {
        throw ev.missingAttribute(ev.names.key, at: span)
          .adding("in genericClosure element \(ev.describe(e))", at: span)
      }
      let key = try ev.force(keyValue)
      guard try seen.insert(key, element: e, ev, span) else { continue }
      // Work items done long ago are dropped, so that the queue does not grow without bound.
      if next > 4096 && next * 2 > work.count {
        work.removeFirst(next)
        next = 0
      }
      result.append(e)
      do {
        let produced = try ev.forceList(
          try ev.call(fn, e, at: span), at: span,
          "while evaluating the return value of the `operator` passed to builtins.genericClosure")
        work.append(contentsOf: produced.items)
      } catch {
        throw error.adding("while calling operator on genericClosure element \(ev.describe(e))", at: span)
      }
    }
    return .list(NixList(result))
  }

  /// The keys `genericClosure` has seen, ordered by Nix's `<`: hash sets while every key is
  /// an integer or every key a string, an array sorted with `<` otherwise.
  struct ClosureKeys {
    private enum Mode { case empty, ints, strings, general }
    private var mode = Mode.empty
    private var ints: [Int64: Value] = [:]
    private var strings: [[UInt8]: Value] = [:]
    private var sorted: [(key: Value, element: Value)] = []

    /// Adds `key` (forced) unless an equal key is present; whether it was added.
    mutating func insert(_ key: Value, element: Value, _ ev: Evaluator, _ span: Span) throws(EvalError) -> Bool {
      switch (mode, key) {
      case (.empty, .int(let i)):
        mode = .ints
        ints[i] = element
        return true
      case (.empty, .string(let s)):
        mode = .strings
        strings[s.bytes] = element
        return true
      case (.ints, .int(let i)):
        if ints[i] != nil { return false }
        ints[i] = element
        return true
      case (.strings, .string(let s)):
        if strings[s.bytes] != nil { return false }
        strings[s.bytes] = element
        return true
      case (.ints, _):
        sorted = ints.sorted { $0.key < $1.key }.map { (key: Value.int($0.key), element: $0.value) }
        ints = [:]
      case (.strings, _):
        sorted = strings.sorted { $0.key.lexicographicallyPrecedes($1.key) }
          .map { (key: Value.string(NixString($0.key)), element: $0.value) }
        strings = [:]
      default: break
      }
      mode = .general
      // The first index whose key is greater than `key`; an equal key sits just before it.
      var lo = 0
      var hi = sorted.count
      while lo < hi {
        let mid = (lo + hi) >> 1
        if try less(key, element, sorted[mid], ev, span) { hi = mid } else { lo = mid + 1 }
      }
      if lo > 0 {
        let before = sorted[lo - 1]
        let beforeLess: Bool
        do {
          beforeLess = try ev.lessThan(before.key, key, at: span)
        } catch {
          throw error.adding("with element \(ev.describe(element))", at: span)
            .adding("while comparing element \(ev.describe(before.element))", at: span)
        }
        if !beforeLess { return false }
      }
      sorted.insert((key: key, element: element), at: lo)
      return true
    }

    /// `key < other.key`, with Nix's trace naming both elements on failure.
    private func less(
      _ key: Value, _ element: Value, _ other: (key: Value, element: Value), _ ev: Evaluator, _ span: Span
    ) throws(EvalError) -> Bool {
      do {
        return try ev.lessThan(key, other.key, at: span)
      } catch {
        throw error.adding("with element \(ev.describe(other.element))", at: span)
          .adding("while comparing element \(ev.describe(element))", at: span)
      }
    }
  }
}
