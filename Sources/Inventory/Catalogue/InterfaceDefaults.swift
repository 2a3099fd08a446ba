import NixEval
import NixLexer
import NixParser

/// Reading defaults and descriptions of options.
///
/// - An option with `defaultText` has a ``OptionDefault/hidden`` default (what it says is text
///   for people, e.g. `mkPackageOption`'s `pkgs.hello`); its `default` is not evaluated.
/// - A `default` that evaluates to plain data (null, Booleans, numbers, strings, lists, sets of
///   them) is ``OptionDefault/value(_:)``; one that fails to evaluate (it reads `config`, or
///   an argument nixinv does not give) or holds a function, a path, a package or a
///   module-system marker is ``OptionDefault/hidden``.
/// - Without a `default`, the option has its type's empty value, as current nixpkgs gives it
///   (`[ ]` for lists, `{ }` for sets, `null` for `nullOr`); a submodule (or a namespace of
///   options) has the set of its options' defaults when all are plain, else a hidden default;
///   other types have none (``OptionDefault/none``: the option must be set before it is read).
/// - In a submodule, `name` is ``ModuleOptionsReader/namePlaceholder`` (`‹name›`): a default
///   that uses it only as a string (`default = name;`, `"${name}.example"`) keeps the
///   placeholder, which stands for the attribute's name (replace `‹name›` in its strings and
///   keys by the name); a default that computes something else from it is hidden. This is
///   found by reading the declarations again under another name and comparing.
extension ModuleOptionsReader {
  /// The default of `option` (of type `type`); `comparison` holds the same option's
  /// declarations read under another `name` (`nil` when it could not depend on it).
  func optionDefault(
    _ option: MergedOption, type: OptionType, comparedWith comparison: [OptionDeclaration]?, _ path: [String]
  ) throws(InventoryError) -> OptionDefault {
    if option.defaultText != nil { return .hidden }
    guard let value = option.defaultValue else { return try emptyDefault(option.type, type) }
    guard let plain = try plainDefault(value) else { return .hidden }
    guard let comparison else { return .value(plain) }
    guard !comparison.isEmpty, let other = try? merge(comparison, path), other.defaultText == nil,
      let otherValue = other.defaultValue, let otherPlain = try plainDefault(otherValue)
    else { return .hidden }
    let substituted = Self.replacing(Self.namePlaceholder, by: Self.otherNamePlaceholder, in: plain)
    return otherPlain == plain || otherPlain == substituted ? .value(plain) : .hidden
  }

  /// The value an option without a default has: its type's `emptyValue.value`, or for a
  /// submodule the set of its options' defaults.
  func emptyDefault(_ typeValue: Value?, _ type: OptionType) throws(InventoryError) -> OptionDefault {
    guard let typeValue else { return .none }
    if case .submodule(let module) = type, try typeName(typeValue) == "submodule" { return Self.collectedDefault(module) }
    guard let t = try? attrs(typeValue), let empty = try? attrs(t[s.emptyValue]) else { return .none }
    guard let value = empty[s.value] else { return .none }
    return try plainDefault(value).map { .value($0) } ?? .hidden
  }

  /// The default of a submodule or namespace as a whole: the set of its options' defaults if
  /// every one is plain, else hidden.
  static func collectedDefault(_ module: Submodule) -> OptionDefault {
    var set = PlainObject()
    for name in module.options.keys {
      guard case .value(let v) = module.defaultValue(name) else { return .hidden }
      set[name] = v
    }
    return .value(.object(set))
  }

  /// `value` as plain data, or `nil` when it is not (or fails to evaluate); only running out
  /// of steps or time is an error.
  func plainDefault(_ value: Value) throws(InventoryError) -> Plain? {
    var budget = 100_000
    do throws(EvalError) {
      return try plain(value, depth: 0, budget: &budget)
    } catch {
      if error.kind == .limit { throw InventoryError(error) }
      return nil
    }
  }

  private func plain(_ value: Value, depth: Int, budget: inout Int) throws(EvalError) -> Plain? {
    budget -= 1
    guard depth < 100, budget > 0 else { return nil }
    switch try ev.force(value) {
    case .null: return .null
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .float(let f): return .float(f)
    case .string(let text): return .string(text.text)
    case .list(let list):
      var items: [Plain] = []
      items.reserveCapacity(list.count)
      for item in list.items {
        guard let p = try plain(item, depth: depth + 1, budget: &budget) else { return nil }
        items.append(p)
      }
      return .list(items)
    case .attrs(let set):
      // Markers, packages and other string-like sets are not plain data.
      if set[s.typeTag] != nil || set[s.outPath] != nil || set[s.toStringAttr] != nil || set[s.functorAttr] != nil {
        return nil
      }
      if let t = set[s.type], case .string(let kind) = try ev.force(t), kind.text == "derivation" { return nil }
      var object = PlainObject()
      for (key, (item, span)) in zip(set.keys, zip(set.values, set.positions)) {
        guard let p = try plain(item, depth: depth + 1, budget: &budget) else { return nil }
        object.set(ev.symbols[key], p, at: span)
      }
      return .object(object)
    case .path, .lambda, .primop, .thunk: return nil
    }
  }

  /// `plain` with `placeholder` replaced by `name` in every string and key.
  static func replacing(_ placeholder: String, by name: String, in plain: Plain) -> Plain {
    func swap(_ s: String) -> String {
      s.contains(placeholder) ? s.components(separatedBy: placeholder).joined(separator: name) : s
    }
    switch plain {
    case .string(let s): return .string(swap(s))
    case .list(let items): return .list(items.map { replacing(placeholder, by: name, in: $0) })
    case .object(let o):
      var out = PlainObject()
      for (k, v) in o.entries { out.set(swap(k), replacing(placeholder, by: name, in: v), at: o.span(of: k) ?? .unknown) }
      return .object(out)
    default: return plain
    }
  }

  /// The option's description: a string, or the text of `lib.literalMD` (nil when it has none
  /// or it fails to evaluate).
  func description(_ option: MergedOption) -> String? {
    guard let value = option.description, let forced = try? ev.force(value) else { return nil }
    switch forced {
    case .string(let text): return text.text
    case .attrs(let set):
      guard let t = set[s.text], case .string(let text)? = try? ev.force(t) else { return nil }
      return text.text
    default: return nil
    }
  }
}
