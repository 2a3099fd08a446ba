import NixEval
import NixLexer

/// `inventory.meta`.
public struct ClanMeta: Sendable {
  public var name: String?
  public var description: String?
  public var icon: String?
  /// Where `name` was defined.
  public var nameSpan: Span = .unknown
}

/// One machine of `inventory.machines`.
public struct InventoryMachine: Sendable {
  /// The machine's attribute name (its identity: roles and tags name machines by it).
  public var id: String
  /// The `name` option (the attribute name unless set).
  public var name: String
  public var description: String?
  public var icon: String?
  public var machineClass: String
  /// The machine's own tags, in definition order (Nix before `inventory.json`), without repeats.
  public var tags: [String]
  public var targetHost: String?
  public var buildHost: String?
  /// Where the machine was (first) defined.
  public var span: Span
}

/// A legacy role of `inventory.services.S.I.roles`.
public struct LegacyRole: Sendable {
  public var name: String
  public var machines: [String]
  public var tags: [String]
  public var extraModules: [Plain]
  public var span: Span
  /// Where `machines` and `tags` were (first) defined.
  public var machinesSpan: Span = .unknown
  public var tagsSpan: Span = .unknown
}

/// One instance of a legacy service, `inventory.services.S.I`.
public struct LegacyInstance: Sendable {
  public var module: String
  public var name: String
  public var enabled: Bool
  public var extraModules: [Plain]
  /// `machines.M.extraModules` by machine.
  public var machineExtraModules: [String: [Plain]]
  /// The roles written, sorted by name.
  public var roles: [LegacyRole]
  public var span: Span
  /// Where the module name was written (`services.S`).
  public var moduleSpan: Span
}

/// A role of `inventory.instances.I.roles`.
public struct InstanceRole: Sendable {
  public var name: String
  /// The machines named under `machines`, sorted.
  public var machines: [String]
  /// The tags of the role (list or set form), sorted.
  public var tags: [String]
  public var extraModules: [Plain]
  public var span: Span
  /// Where each machine and each tag was named.
  public var machineSpans: [String: Span] = [:]
  public var tagSpans: [String: Span] = [:]
}

/// One instance of a clan.service module, `inventory.instances.I`.
public struct ServiceInstance: Sendable {
  public var name: String
  public var moduleName: String
  /// `nil`: clan-core.
  public var moduleInput: String?
  /// The roles written, sorted by name.
  public var roles: [InstanceRole]
  public var span: Span
  /// Where `module.name` was written (the instance name when absent).
  public var moduleSpan: Span
}

/// The merged inventory of a clan: every definition (Nix, `inventory.json`, machine folders,
/// the `machines` argument) merged as clan's module system merges them.
public struct Inventory {
  public var meta = ClanMeta()
  /// Machines by name.
  public var machines: [String: InventoryMachine] = [:]
  /// Machine names, sorted bytewise.
  public var machineNames: [String] = []
  /// Legacy services: module name to its instances (sorted by instance name).
  public var services: [(module: String, instances: [LegacyInstance])] = []
  /// clan.service instances, sorted by name.
  public var instances: [ServiceInstance] = []
  /// `inventory.modules`: legacy modules given by path.
  public var modules: [String: String] = [:]
  /// The definitions of `inventory.tags` (static sets or functions of the machines).
  public var tagDefinitions: [Definition] = []
  /// Where `services` and `meta` were (first) defined.
  public var servicesSpan: Span = .unknown
  public var metaSpan: Span = .unknown
}

/// Reads the typed ``Inventory`` out of the merged value and the deferred definitions.
struct InventoryReader {
  let merged: PlainObject
  let merger: Merger

  func read() throws(InventoryError) -> Inventory {
    var inv = Inventory()
    if let meta = merged["meta"]?.object {
      inv.meta.name = meta["name"]?.string
      inv.meta.description = meta["description"]?.string
      inv.meta.icon = meta["icon"]?.string
      inv.meta.nameSpan = meta.span(of: "name") ?? merged.span(of: "meta") ?? .unknown
    }
    if let machines = merged["machines"]?.object {
      for (name, value) in machines.entries {
        let m = value.object ?? PlainObject()
        let deploy = m["deploy"]?.object
        var tags: [String] = []
        var seen = Set<String>()
        for t in m["tags"]?.list ?? [] {
          if let s = t.string, seen.insert(s).inserted { tags.append(s) }
        }
        inv.machines[name] = InventoryMachine(
          id: name,
          name: m["name"]?.string ?? name,
          description: m["description"]?.string,
          icon: m["icon"]?.string,
          machineClass: m["machineClass"]?.string ?? "nixos",
          tags: tags,
          targetHost: deploy?["targetHost"]?.string,
          buildHost: deploy?["buildHost"]?.string,
          span: machines.span(of: name) ?? .unknown)
      }
      inv.machineNames = machines.keys
    }
    if let services = merged["services"]?.object {
      for (module, value) in services.entries {
        var list: [LegacyInstance] = []
        let instances = value.object ?? PlainObject()
        for (name, iv) in instances.entries {
          let i = iv.object ?? PlainObject()
          var roles: [LegacyRole] = []
          let rolesObject = i["roles"]?.object ?? PlainObject()
          for (role, rv) in rolesObject.entries {
            let r = rv.object ?? PlainObject()
            let roleSpan = rolesObject.span(of: role) ?? .unknown
            roles.append(LegacyRole(
              name: role,
              machines: (r["machines"]?.list ?? []).compactMap(\.string),
              tags: (r["tags"]?.list ?? []).compactMap(\.string),
              extraModules: r["extraModules"]?.list ?? [],
              span: roleSpan,
              machinesSpan: r.span(of: "machines") ?? roleSpan,
              tagsSpan: r.span(of: "tags") ?? roleSpan))
          }
          var machineExtra: [String: [Plain]] = [:]
          for (m, mv) in (i["machines"]?.object ?? PlainObject()).entries {
            machineExtra[m] = mv.object?["extraModules"]?.list ?? []
          }
          var enabled = true
          if case .bool(let b) = i["enabled"] { enabled = b }
          list.append(LegacyInstance(
            module: module, name: name, enabled: enabled,
            extraModules: i["extraModules"]?.list ?? [],
            machineExtraModules: machineExtra,
            roles: roles,
            span: instances.span(of: name) ?? .unknown,
            moduleSpan: services.span(of: module) ?? .unknown))
        }
        inv.services.append((module, list))
      }
    }
    if let instances = merged["instances"]?.object {
      for (name, iv) in instances.entries {
        let i = iv.object ?? PlainObject()
        let module = i["module"]?.object
        var roles: [InstanceRole] = []
        let rolesObject = i["roles"]?.object ?? PlainObject()
        for (role, rv) in rolesObject.entries {
          let r = rv.object ?? PlainObject()
          let roleSpan = rolesObject.span(of: role) ?? .unknown
          var machineSpans: [String: Span] = [:]
          var tagSpans: [String: Span] = [:]
          if let machines = r["machines"]?.object {
            for m in machines.keys { machineSpans[m] = machines.span(of: m) ?? roleSpan }
          }
          if let tags = r["tags"]?.object {
            for t in tags.keys { tagSpans[t] = tags.span(of: t) ?? r.span(of: "tags") ?? roleSpan }
          }
          roles.append(InstanceRole(
            name: role,
            machines: r["machines"]?.object?.keys ?? [],
            tags: r["tags"]?.object?.keys ?? [],
            extraModules: r["extraModules"]?.list ?? [],
            span: roleSpan,
            machineSpans: machineSpans,
            tagSpans: tagSpans))
        }
        inv.instances.append(ServiceInstance(
          name: name,
          moduleName: module?["name"]?.string ?? name,
          moduleInput: module?["input"]?.string,
          roles: roles,
          span: instances.span(of: name) ?? .unknown,
          moduleSpan: module?.span(of: "name") ?? instances.span(of: name) ?? .unknown))
      }
    }
    for (name, path) in (merged["modules"]?.object ?? PlainObject()).entries {
      if let p = path.string { inv.modules[name] = p }
    }
    inv.tagDefinitions = merger.deferred(at: ["inventory", "tags"])
    inv.servicesSpan = merged.span(of: "services") ?? .unknown
    inv.metaSpan = merged.span(of: "meta") ?? .unknown
    return inv
  }
}
