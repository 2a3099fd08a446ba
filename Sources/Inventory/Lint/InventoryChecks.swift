import NixEval
import NixLexer

/// The checks of a resolved clan that clan itself does not make (or makes too late): unknown
/// machines, role constraints, shared legacy namespaces, deprecated and legacy forms, names.
struct InventoryChecks {
  let clan: LoadedClan
  let resolved: ResolvedClan
  let refiner: SpanRefiner

  var inventory: Inventory { clan.inventory }

  func finding(_ code: LintCode, _ message: String, at span: Span, help: String? = nil, notes: [Diagnostic.Note] = []) -> Diagnostic {
    Diagnostic(code.severity, code: code.rawValue, message: message, span: span, notes: notes, help: help)
  }

  func run() -> [Diagnostic] {
    var out: [Diagnostic] = []
    out += unknownMachines()
    out += roleConstraints()
    out += sharedNamespaces()
    out += legacyForms()
    out += names()
    out += unusedMachines()
    return out
  }

  private func machineHelp(_ name: String) -> String {
    if let guess = closest(to: name, in: inventory.machineNames) { return "did you mean '\(guess)'?" }
    let shown = inventory.machineNames.prefix(10).joined(separator: ", ")
    return inventory.machineNames.isEmpty
      ? "the clan defines no machines: add it to `inventory.machines`, the `machines` argument or a folder under machines/"
      : "the clan's machines: \(shown)\(inventory.machineNames.count > 10 ? ", …" : "")"
  }

  // MARK: unknown-machine

  func unknownMachines() -> [Diagnostic] {
    var out: [Diagnostic] = []
    for (module, instances) in inventory.services {
      for instance in instances {
        for role in instance.roles {
          for m in role.machines where inventory.machines[m] == nil {
            out.append(finding(
              .unknownMachine,
              "role '\(role.name)' of \(module) instance '\(instance.name)' names '\(m)', which is not a machine of this clan",
              at: refiner.listElement(m, definedAt: role.machinesSpan), help: machineHelp(m)))
          }
        }
      }
    }
    for instance in inventory.instances {
      for role in instance.roles {
        for m in role.machines where inventory.machines[m] == nil {
          out.append(finding(
            .unknownMachine,
            "role '\(role.name)' of instance '\(instance.name)' names '\(m)', which is not a machine of this clan",
            at: refiner.component(m, at: role.machineSpans[m] ?? role.span), help: machineHelp(m)))
        }
      }
    }
    // Static `inventory.tags` lists.
    let ev = clan.evaluator
    for def in inventory.tagDefinitions {
      guard let expanded = try? clan.merger.expand(def, ["inventory", "tags"]) else { continue }
      for d in expanded {
        guard case .attrs(let attrs) = d.value else { continue }
        for (k, (v, p)) in zip(attrs.keys, zip(attrs.values, attrs.positions)) {
          guard case .list(let list)? = try? ev.force(v) else { continue }
          for item in list.items {
            guard case .string(let s)? = try? ev.force(item), inventory.machines[s.text] == nil else { continue }
            let tag = ev.symbols[k]
            out.append(finding(
              .unknownMachine, "tag '\(tag)' lists '\(s.text)', which is not a machine of this clan",
              at: refiner.listElement(s.text, definedAt: p.isKnown ? p : d.span), help: machineHelp(s.text)))
          }
        }
      }
    }
    return out
  }

  // MARK: role-constraint, max-instances

  func roleConstraints() -> [Diagnostic] {
    var out: [Diagnostic] = []
    for (module, instances) in inventory.services {
      guard let catalogue = clan.catalogue.legacy[module],
        let resolvedInstances = resolved.services.first(where: { $0.module == module })?.instances
      else { continue }
      for instance in instances {
        guard let r = resolvedInstances.first(where: { $0.name == instance.name }) else { continue }
        for (roleName, limit) in catalogue.constraints.sorted(by: { $0.key < $1.key }) {
          let members = r.roles.first { $0.name == roleName }?.members ?? []
          let written = instance.roles.first { $0.name == roleName }
          let span = written.map { $0.machines.isEmpty ? $0.tagsSpan : $0.machinesSpan } ?? refiner.component(instance.name, at: instance.span)
          out += check(limit, members, role: roleName, module: module, instance: instance.name, at: span)
        }
      }
    }
    var counts: [String: [ServiceInstance]] = [:]
    for (i, instance) in inventory.instances.enumerated() {
      guard let r = resolved.instances.first(where: { $0.name == instance.name }) else { continue }
      let key = (instance.moduleInput ?? "<clan-core>") + "-" + instance.moduleName
      counts[key, default: []].append(inventory.instances[i])
      if let max = r.maxInstances, counts[key]!.count > max {
        out.append(finding(
          .maxInstances,
          "module '\(r.manifestName ?? instance.moduleName)' allows at most \(max) instance(s) but '\(instance.name)' is number \(counts[key]!.count)",
          at: refiner.component(instance.name, at: instance.span),
          help: "other instances: \(counts[key]!.dropLast().map(\.name).joined(separator: ", "))"))
      }
      for (roleName, limit) in r.roleConstraints.sorted(by: { $0.key < $1.key }) {
        let members = r.roles.first { $0.name == roleName }?.members ?? []
        let span = instance.roles.first { $0.name == roleName }.map { refiner.component(roleName, at: $0.span) }
          ?? refiner.component(instance.name, at: instance.span)
        out += check(limit, members, role: roleName, module: r.manifestName ?? instance.moduleName, instance: instance.name, at: span)
      }
    }
    return out
  }

  private func check(_ limit: RoleConstraint, _ members: [String], role: String, module: String, instance: String, at span: Span) -> [Diagnostic] {
    let list = members.isEmpty ? "none" : members.joined(separator: ", ")
    if members.count < limit.min {
      return [finding(
        .roleConstraint,
        "the '\(module)' module requires at least \(limit.min) member(s) of the '\(role)' role but instance '\(instance)' has \(members.count)",
        at: span, help: "members: \(list)")]
    }
    if let max = limit.max, members.count > max {
      return [finding(
        .roleConstraint,
        "the '\(module)' module allows at most \(max) member(s) of the '\(role)' role but instance '\(instance)' has \(members.count)",
        at: span, help: "members: \(list)")]
    }
    return []
  }

  // MARK: shared-namespace

  func sharedNamespaces() -> [Diagnostic] {
    var out: [Diagnostic] = []
    for (module, instances) in inventory.services {
      var before: [String: String] = [:]  // machine → first instance
      for instance in instances where instance.enabled {
        let members = Set(resolved.services.first { $0.module == module }?.instances.first { $0.name == instance.name }?
          .roles.flatMap(\.members) ?? [])
        let shared = members.filter { before[$0] != nil && inventory.machines[$0] != nil }.sorted(by: bytewise)
        if let first = shared.first {
          let shown = shared.prefix(5).joined(separator: ", ") + (shared.count > 5 ? ", …" : "")
          out.append(finding(
            .sharedNamespace,
            "\(shown) \(shared.count == 1 ? "is" : "are") also in instance '\(before[first]!)' of the legacy module \(module); the config of both instances share `clan.\(module)`",
            at: refiner.component(instance.name, at: instance.span),
            help: "use one instance, or the module's clan.service form in `inventory.instances`"))
        }
        for m in members where before[m] == nil { before[m] = instance.name }
      }
    }
    return out
  }

  // MARK: legacy-services, deprecated-module

  func legacyForms() -> [Diagnostic] {
    var out: [Diagnostic] = []
    for instance in inventory.instances {
      guard let m = clan.catalogue.service(input: instance.moduleInput, name: instance.moduleName),
        let deprecation = m.deprecation
      else { continue }
      out.append(finding(
        .deprecatedModule, "the clan.service module '\(m.manifestName)' is deprecated",
        at: refiner.component(instance.moduleName, at: instance.moduleSpan), help: deprecation))
    }
    guard !inventory.services.isEmpty else { return out }
    out.append(finding(
      .legacyServices, "`inventory.services` is gone from current clan (it is ignored when machines are built)",
      at: refiner.component("services", at: inventory.servicesSpan),
      help: "move each service to `inventory.instances`: https://clan.lol/docs/guides/migrations/migrate-inventory-services"))
    for (module, instances) in inventory.services {
      guard let m = clan.catalogue.legacy[module], m.isDeprecated, let first = instances.first else { continue }
      let replacement = clan.catalogue.services[module] != nil ? "; use the clan.service module '\(module)' in `inventory.instances`" : ""
      out.append(finding(
        .deprecatedModule, "the legacy module '\(module)' is deprecated\(replacement)",
        at: refiner.component(module, at: first.moduleSpan)))
    }
    return out
  }

  // MARK: invalid-name, missing-meta-name

  func names() -> [Diagnostic] {
    var out: [Diagnostic] = []
    for name in inventory.machineNames where !Self.isHostName(name) {
      let span = inventory.machines[name]?.span ?? .unknown
      out.append(finding(
        .invalidName, "'\(name)' is not a valid host name for a machine",
        at: refiner.component(name, at: span),
        help: "use letters, digits, '-' and '_' (not first or last), at most 63 characters"))
    }
    if let name = inventory.meta.name {
      if !name.utf8.allSatisfy({ Self.isNameByte($0) }) {
        out.append(finding(
          .invalidName, "the clan name '\(name)' may only hold letters, digits, '-' and '_'",
          at: refiner.listElement(name, definedAt: inventory.meta.nameSpan)))
      }
    } else {
      let span = inventory.metaSpan.isKnown ? inventory.metaSpan : Span(file: SourceFileID(0), start: 0, end: 0)
      out.append(finding(
        .missingMetaName, "the clan has no `meta.name`", at: span,
        help: "add `meta.name = \"…\";` (clan requires it)"))
    }
    return out
  }

  static func isNameByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
  }

  /// NixOS's `networking.hostName`: alphanumeric at both ends, `-`/`_` inside, at most 63.
  static func isHostName(_ name: String) -> Bool {
    let b = Array(name.utf8)
    guard !b.isEmpty, b.count <= 63, b.allSatisfy(isNameByte) else { return false }
    func alnum(_ c: UInt8) -> Bool { isNameByte(c) && c != 0x5F && c != 0x2D }
    return alnum(b.first!) && alnum(b.last!)
  }

  // MARK: unused-machine

  func unusedMachines() -> [Diagnostic] {
    resolved.machines.filter { $0.services.isEmpty && $0.instances.isEmpty }.map { m in
      finding(
        .unusedMachine, "machine '\(m.machine.id)' is in no service and no instance",
        at: refiner.component(m.machine.id, at: m.machine.span))
    }
  }
}
