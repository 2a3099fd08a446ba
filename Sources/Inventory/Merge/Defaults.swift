/// Fills in the defaults of declared options the definitions left out, as the module system
/// gives every option its default, and finds the options that have neither a definition nor a
/// default (reading one is an error in Nix: "used but not defined").
struct Defaults {
  /// The paths (relative to the filled value) of options without value or default.
  private(set) var missing: [[String]] = []

  /// `value` (`nil`: nothing defined) as an option of `type` with defaults filled in; `nil`
  /// when nothing is defined and the default is not known. `name` is the attribute name the
  /// value is under in an `attrsOf` (for the `‹name›` default of a submodule's `name`).
  mutating func fill(_ value: Plain?, _ type: OptionType, _ path: [String], name: String? = nil, checking: Bool = true) -> Plain? {
    switch type {
    case .submodule(let module):
      guard value != nil || !checking else { return nil }
      var object = value?.object ?? PlainObject()
      for option in module.sortedNames {
        let optionType = module.options[option]!
        if let given = object[option] {
          if let filled = fill(given, optionType, path + [option], checking: checking) {
            object.set(option, filled, at: object.span(of: option) ?? .unknown)
          }
          continue
        }
        switch module.defaultValue(option) {
        case .value(let d) where d.mentions(SettingsSchema.namePlaceholder):
          // A default made of the attribute's name (`default = name;`, `"${name}.lan"`).
          if let name {
            let named = d.replacing(SettingsSchema.namePlaceholder, with: name)
            object.set(option, fill(named, optionType, path + [option], checking: false) ?? named, at: .unknown)
          }
        case .value(let d):
          object.set(option, fill(d, optionType, path + [option], checking: false) ?? d, at: .unknown)
        case .none:
          if checking { missing.append(path + [option]) }
        case .hidden:
          // A submodule's own defaults still show when the option's default is hidden (it is
          // `{ }` in nearly every interface); nothing is required of them then.
          if case .submodule = optionType, let inner = fill(nil, optionType, path + [option], checking: false),
            inner.object?.isEmpty == false
          {
            object.set(option, inner, at: .unknown)
          }
        }
      }
      return .object(object)
    case .attrsOf(let element), .lazyAttrsOf(let element):
      guard var object = value?.object else { return value }
      for (key, item) in Array(object.entries) {
        if let filled = fill(item, element, path + [key], name: key, checking: checking) {
          object.set(key, filled, at: object.span(of: key) ?? .unknown)
        }
      }
      return .object(object)
    case .listOf(let element):
      guard let items = value?.list else { return value }
      return .list(items.enumerated().map { i, item in
        fill(item, element, path + ["[\(i)]"], checking: checking) ?? item
      })
    case .nullOr(let inner):
      guard let value, value != .null else { return value }
      return fill(value, inner, path, name: name, checking: checking)
    default:
      return value
    }
  }
}

extension Plain {
  /// Whether a string inside the value contains `text`.
  func mentions(_ text: String) -> Bool {
    switch self {
    case .string(let s): return s.contains(text)
    case .list(let items): return items.contains { $0.mentions(text) }
    case .object(let o): return o.entries.contains { $0.0.contains(text) || $0.1.mentions(text) }
    default: return false
    }
  }

  /// The value with `text` replaced by `replacement` in every string and key.
  func replacing(_ text: String, with replacement: String) -> Plain {
    switch self {
    case .string(let s): return .string(s.replacingAll(text, with: replacement))
    case .list(let items): return .list(items.map { $0.replacing(text, with: replacement) })
    case .object(let o):
      var out = PlainObject()
      for (k, v) in o.entries { out[k.replacingAll(text, with: replacement)] = v.replacing(text, with: replacement) }
      return .object(out)
    default: return self
    }
  }
}

extension String {
  /// The string with every occurrence of `text` replaced.
  func replacingAll(_ text: String, with replacement: String) -> String {
    guard !text.isEmpty else { return self }
    return components(separatedBy: text).joined(separator: replacement)
  }
}
