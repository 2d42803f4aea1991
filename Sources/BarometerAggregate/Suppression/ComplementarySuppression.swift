/// Suppresses further cells until no suppressed cell can be worked out from published figures.
///
/// Every cell publishes its weighted n, so its share times that n is a weighted count, and
/// counts add up: the overall count is the sum over the levels of a breakdown, a level's count
/// the sum over its cells in a crossing (`sektor` 1 over `sektor:stoerrelse` 1:1, 1:2, ...),
/// and the overall count the sum over all cells of a crossing. A sum with exactly one suppressed
/// member gives that member away, so while one exists, the smallest published part of it (by
/// unweighted n) is suppressed too, narrowest sums first; the total only when no part is left. Sums that miss a few
/// respondents (a missing breakdown value) are treated as exact, which can only suppress more.
enum ComplementarySuppression {
    static let reason = "complementary: protects another suppressed level"

    /// One published sum: its total (nil when the total is not in the table) and its parts.
    struct Relation: Equatable {
        var total: Int?
        var parts: [Int]
    }

    static func apply(to rows: inout [EstimateRow]) {
        // Narrow sums first (a row of a crossing before the whole crossing): protecting a cell
        // within its own row also protects it in the wider sums, and hides fewer cells.
        let relations = self.relations(among: rows).enumerated()
            .sorted { ($0.element.parts.count, $0.offset) < ($1.element.parts.count, $1.offset) }.map(\.element)
        while let exposed = relations.first(where: { relation in
            let members = relation.parts + (relation.total.map { [$0] } ?? [])
            return members.filter { rows[$0].suppression != nil }.count == 1
        }) {
            let published = exposed.parts.filter { rows[$0].suppression == nil }
            let pick =
                published.min { (rows[$0].estimate.unweightedCount, $0) < (rows[$1].estimate.unweightedCount, $1) }
                ?? exposed.total!
            rows[pick].suppression = reason
        }
    }

    /// The sums among `rows`, per indicator, in row order.
    static func relations(among rows: [EstimateRow]) -> [Relation] {
        var index: [String: Int] = [:]
        var groups: [String: [Int]] = [:]
        var groupOrder: [String] = []
        for (position, row) in rows.enumerated() {
            index[key(row.indicator, row.group, row.level)] = position
            let group = key(row.indicator, row.group)
            if groups[group] == nil { groupOrder.append(group) }
            groups[group, default: []].append(position)
        }
        var relations: [Relation] = []
        for group in groupOrder {
            let members = groups[group]!
            let first = rows[members[0]]
            guard first.group != EstimateRow.overallGroup else { continue }
            let overall = index[key(first.indicator, EstimateRow.overallGroup, EstimateRow.overallLevel)]
            relations.append(Relation(total: overall, parts: members))
            let variables = first.group.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard variables.count > 1 else { continue }
            // Along each variable of the crossing: the cells that share the other variables'
            // levels add up to the row of those levels in the narrower table.
            for dropped in variables.indices {
                var byParent: [String: [Int]] = [:]
                var parentOrder: [String] = []
                for member in members {
                    var levels = rows[member].level.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                    guard levels.count == variables.count else { continue }
                    levels.remove(at: dropped)
                    let parent = levels.joined(separator: ":")
                    if byParent[parent] == nil { parentOrder.append(parent) }
                    byParent[parent, default: []].append(member)
                }
                var parentVariables = variables
                parentVariables.remove(at: dropped)
                for parent in parentOrder {
                    guard let total = index[key(first.indicator, parentVariables.joined(separator: ":"), parent)] else { continue }
                    relations.append(Relation(total: total, parts: byParent[parent]!))
                }
            }
        }
        return relations.filter { $0.parts.count + ($0.total == nil ? 0 : 1) >= 2 }
    }

    private static func key(_ parts: String...) -> String { parts.joined(separator: "\u{1}") }
}
