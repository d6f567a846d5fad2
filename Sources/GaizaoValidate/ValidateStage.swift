import Foundation
import GaizaoModel
import GaizaoStore

/// Counts from one validate pass.
public struct ValidateSummary: Sendable {
    public var duplicateKeys = 0
    public var decreases = 0
    public var outliers = 0
    public var missing: [GaizaoModel.Unit] = []
    public var late = 0
}

/// Stage 2: rules that need more than one row or file. Re-running it replaces its earlier findings.
public struct ValidateStage {
    public var pipeline: Pipeline
    public var period: Period

    public init(pipeline: Pipeline, period: Period) {
        self.pipeline = pipeline
        self.period = period
    }

    @discardableResult
    public func run(warehouse: Warehouse) throws -> ValidateSummary {
        try warehouse.write(pipeline: pipeline.id) { store in
            var summary = ValidateSummary()
            let files = try store.files(period: period)
            let touched = Set(files.compactMap(\.template))
            try store.resetValidation(period: period, templates: pipeline.templates.filter { touched.contains($0.id) })
            var issues: [(Issue, Int64?)] = []
            for template in pipeline.templates {
                let current = files.filter { $0.template == template.id && $0.status == .loaded && $0.superseded_by == nil }
                guard !current.isEmpty else { continue }
                try store.prepareRows(of: template)
                // An increment key (统计月份) is per unit by nature; only snapshot keys name one project or firm.
                if template.mode == .snapshot {
                    summary.duplicateKeys += try duplicateKeys(store, template: template, files: current, issues: &issues)
                    try monthOnMonth(store, template: template, files: current, summary: &summary, issues: &issues)
                }
            }
            summary.missing = missingSubmissions(files: files, issues: &issues)
            summary.late = lateSubmissions(files: files, issues: &issues)
            for (issue, fileID) in issues { try store.add(issue, period: period, fileID: fileID) }
            return summary
        }
    }

    /// The same key from two units: the row of the file received first stays, the later one is rejected; both are reported.
    func duplicateKeys(_ store: StoreSession, template: Template, files: [StoredFile],
                       issues: inout [(Issue, Int64?)]) throws -> Int {
        // Every 上报表 lists the same 指标代码: a key is one region's own, never shared with another's.
        if template.upward { return 0 }
        let ids = files.map(\.id)
        let names = Dictionary(uniqueKeysWithValues: files.map { ($0.id, $0.name) })
        var identities: [(label: String, identity: RowIdentity)] = []
        if !template.key.isEmpty { identities.append((template.key.joined(separator: "+"), .key)) }
        if !template.alternateKey.isEmpty {
            identities.append((template.alternateKey.joined(separator: "+"), .columns(template.alternateKey)))
        }
        var rejected = 0
        let candidates = try sharedIdentities(store, template: template, files: ids, identities: identities.map(\.identity))
        for (identity, suspects) in zip(identities, candidates) where !suspects.isEmpty {
            var keeper: [String: IdentifiedRow] = [:]
            for row in try store.rows(of: template, files: ids, identity: identity.identity, among: suspects.sorted()) {
                let ident = row.identity
                guard let first = keeper[ident] else { keeper[ident] = row; continue }
                let firstUnit = first.unit, unit = row.unit
                guard firstUnit != unit else { continue }
                let fileID = row.file, firstFile = first.file
                let line = row.line, firstLine = first.line
                let shown = ident.replacingOccurrences(of: "\u{1F}", with: "+")
                try store.reject(row, of: template)
                rejected += 1
                let other = pipeline.unit(code: firstUnit)?.name ?? firstUnit
                let mine = pipeline.unit(code: unit)?.name ?? unit
                issues.append((Issue(.error, .duplicateKeyAcrossUnits, file: names[fileID] ?? "", line: line,
                                     columnName: identity.label, raw: shown,
                                     message: "“\(identity.label)”为“\(shown)”的记录已由\(other)报送（\(names[firstFile] ?? "")第\(firstLine)行），同一项目不能由两个单位重复报送，本行未计入；请与\(other)核实归属",
                                     unit: unit, stage: "validate"), fileID))
                issues.append((Issue(.warning, .duplicateKeyAcrossUnits, file: names[firstFile] ?? "", line: firstLine,
                                     columnName: identity.label, raw: shown,
                                     message: "“\(identity.label)”为“\(shown)”的记录\(mine)也报送了（\(names[fileID] ?? "")第\(line)行）；本单位的记录已计入，请与\(mine)核实归属",
                                     unit: firstUnit, stage: "validate"), firstFile))
            }
        }
        return rejected
    }

    /// Identities (one SQL expression each) that more than one unit reported, found in one pass over the rows by
    /// hashing: a GROUP BY sorted every row once per identity. A hash collision only adds a suspect, which the
    /// exact query in `duplicateKeys` then clears; a true duplicate is never missed.
    func sharedIdentities(_ store: StoreSession, template: Template, files ids: [Int64],
                          identities: [RowIdentity]) throws -> [Set<String>] {
        guard !identities.isEmpty else { return [] }
        var unitNumbers: [String: UInt32] = [:]
        var firstUnit = [[Int: UInt32]](repeating: [:], count: identities.count)
        var suspects = [Set<String>](repeating: [], count: identities.count)
        try store.scanIdentities(of: template, files: ids, identities: identities) { code, values in
            let unit = unitNumbers[code] ?? { let n = UInt32(unitNumbers.count + 1); unitNumbers[code] = n; return n }()
            for e in identities.indices {
                let ident = values[e]
                let h = ident.hashValue
                if let seen = firstUnit[e][h] {
                    if seen != unit { suspects[e].insert(ident) }
                } else {
                    firstUnit[e][h] = unit
                }
            }
        }
        return suspects
    }

    /// Running totals that fall, and rises beyond the pipeline's outlier factor, against last month's snapshot.
    func monthOnMonth(_ store: StoreSession, template: Template, files: [StoredFile], summary: inout ValidateSummary,
                      issues: inout [(Issue, Int64?)]) throws {
        let numeric = template.columns.filter { $0.type == .number || $0.type == .integer }
        guard !numeric.isEmpty, !template.key.isEmpty else { return }
        let previous = try store.currentSnapshots(template: template.id, at: period.previous)
        guard !previous.isEmpty else { return }
        let previousFile = Dictionary(previous.map { ($0.unit, $0.id) }, uniquingKeysWith: { first, _ in first })
        let names = numeric.map(\.name)
        // Only rows that changed since last month can fall or jump: a row sent again unchanged refers to last month's
        // version (rows are stored once), so the check reads this month's new versions and last month's rows with
        // their keys — not both ledgers whole. Issues are gathered per column, then appended column by column, file
        // by file, line by line.
        var found: [[(Issue, Int64?)]] = numeric.map { _ in [] }
        for file in files.sorted(by: { $0.id < $1.id }) {
            guard let unit = file.unit, let before = previousFile[unit] else { continue }
            let changed = try store.freshValues(of: template, columns: names, file: file.id)
            if changed.isEmpty { continue }
            let last = try store.values(of: template, columns: names, file: before, keys: Set(changed.map(\.key)))
            let now = changed.filter { last[$0.key] != nil }
            for (ci, column) in numeric.enumerated() {
                for r in now {
                    guard let value = r.values[ci], let previousValue = last[r.key]?[ci] ?? nil else { continue }
                    let key = r.key.replacingOccurrences(of: "\u{1F}", with: "+")
                    if column.cumulative && value < previousValue - 1e-9 {
                        summary.decreases += 1
                        found[ci].append((Issue(.warning, .cumulativeDecrease, file: file.name, line: r.line, columnName: column.header,
                                                raw: value.plain,
                                                message: "项目\(key)的“\(column.header)”本月为 \(value.plain)，比上月的 \(previousValue.plain) 少；累计数不应减少，请核实",
                                                unit: unit, stage: "validate"), file.id))
                    } else if previousValue > 0 && value > previousValue * pipeline.outlierFactor {
                        summary.outliers += 1
                        found[ci].append((Issue(.warning, .outlierJump, file: file.name, line: r.line, columnName: column.header,
                                                raw: value.plain,
                                                message: String(format: "项目%@的“%@”由上月的 %@ 增至本月的 %@（%.1f 倍，超过 %@ 倍），请核实是否多填了位数或单位有误",
                                                                key, column.header, previousValue.plain, value.plain, value / previousValue,
                                                                pipeline.outlierFactor.plain),
                                                unit: unit, stage: "validate"), file.id))
                    }
                }
            }
        }
        for list in found { issues += list }
    }

    /// Expected units with no accepted file for a template this month.
    func missingSubmissions(files: [StoredFile], issues: inout [(Issue, Int64?)]) -> [Unit] {
        var missing: [Unit] = []
        for template in pipeline.templates {
            let submitted = Set(files.filter { $0.template == template.id && $0.status.countsAsSubmitted }.compactMap(\.unit))
            for unit in pipeline.submitters(of: template) where !submitted.contains(unit.code) {
                if !missing.contains(unit) { missing.append(unit) }
                issues.append((Issue(.warning, .missingSubmission, file: "—",
                                     message: "\(unit.name)未报送\(period.chinese)的“\(template.title)”（截止日期为次月\(pipeline.deadlineDay)日）；"
                                         + (template.mode == .snapshot ? "本月按其上次报送的数据结转" : "本月该表没有该单位的数据，请补报"),
                                     unit: unit.code, stage: "validate"), nil))
            }
        }
        return missing
    }

    /// Files received after day `deadline_day` of the following month.
    func lateSubmissions(files: [StoredFile], issues: inout [(Issue, Int64?)]) -> Int {
        let due = pipeline.deadline(for: period)
        var late = 0
        for f in files where f.status != .duplicate && f.received_at >= due {
            late += 1
            let received = pipeline.clock.minute(f.received_at)
            issues.append((Issue(.warning, .lateSubmission, file: f.name, raw: received,
                                 message: "于 \(received) 收到，晚于截止日期 \(pipeline.deadlineText(for: period))",
                                 unit: f.unit, stage: "validate"), f.id))
        }
        return late
    }

}
