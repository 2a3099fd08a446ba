import NixEval
import NixLexer
import NixParser

/// Reads a clan.service module of the clan or of a flake input: its roles (with their
/// descriptions and settings interfaces) and its manifest constraints.
enum ServiceModuleReader {
  static func read(_ module: Value, name: String, _ ev: Evaluator, lib: Value, at span: Span) throws(InventoryError) -> ServiceModule {
    var value = try evaluating { () throws(EvalError) in try ev.force(module) }
    if case .path(let p) = value {
      value = try evaluating { () throws(EvalError) in try ev.force(try ev.importFile(p.string, at: span)) }
    }
    if value.isFunction {
      var args = AttrsBuilder()
      args.add(ev.symbols.intern("lib"), lib)
      value = try evaluating { () throws(EvalError) in try ev.force(try ev.call(value, .attrs(args.build()), at: span)) }
    }
    guard case .attrs(let attrs) = value else {
      throw InventoryError(.wrongType, "the clan.service module '\(name)' is \(value.typeDescription), not a module", at: span)
    }
    var roles: [ServiceRole] = []
    if let r = attrs[ev.symbols.intern("roles")], case .attrs(let set) = try evaluating({ () throws(EvalError) in try ev.force(r) }) {
      for (key, roleValue) in zip(set.keys, set.values) {
        let roleName = ev.symbols[key]
        var role = ServiceRole(name: roleName, description: nil)
        // The role's settings options, from its `interface` module.
        if case .attrs(let roleAttrs)? = try? ev.force(roleValue) {
          if let d = roleAttrs[ev.symbols.intern("description")], case .string(let text)? = try? ev.force(d) {
            role = ServiceRole(name: roleName, description: text.text)
          }
          if let interface = roleAttrs[ev.symbols.intern("interface")] {
            let position = roleAttrs.position(of: ev.symbols.intern("interface")).flatMap { $0.isKnown ? $0 : nil } ?? span
            role.settings = try InterfaceReader.settings(of: interface, module: name, role: roleName, ev, lib: lib, at: position)
          }
        }
        roles.append(role)
      }
    }
    if roles.isEmpty {
      throw InventoryError(
        .unknownRole,
        "Role behavior of service '\(name)' must be defined.\nA 'clan.service' module should always define its behavior via 'roles'",
        at: span)
    }
    var module = ServiceModule(name: name, description: "", roles: roles)
    // manifest.constraints, when the module declares them.
    func set(_ a: Attrs?, _ key: String) -> Attrs? {
      guard let a, let v = a[ev.symbols.intern(key)], case .attrs(let s)? = try? ev.force(v) else { return nil }
      return s
    }
    func int(_ a: Attrs?, _ key: String) -> Int? {
      guard let a, let v = a[ev.symbols.intern(key)], case .int(let i)? = try? ev.force(v) else { return nil }
      return Int(i)
    }
    let constraints = set(set(attrs, "manifest"), "constraints")
    module.maxInstances = int(constraints, "maxInstances")
    if let roleLimits = set(constraints, "roles") {
      for (k, v) in zip(roleLimits.keys, roleLimits.values) {
        guard case .attrs(let limits)? = try? ev.force(v) else { continue }
        module.roleConstraints[ev.symbols[k]] = RoleConstraint(min: int(limits, "minMachines") ?? 0, max: int(limits, "maxMachines"))
      }
    }
    return module
  }
}
