/// CaseSettings are a node's choices about case data: how small a count must be hidden, whether this
/// node publishes its municipality's case counts, and how long cases are kept (`samverkan.json`, `cases.*`).
public struct CaseSettings: Sendable, Hashable {
    /// Counts from 1 to this − 1 leave the municipality only as "<threshold"; never below 5.
    public var suppressionThreshold = 5
    /// Whether this node publishes the municipality's derived case counts to the region. Enable it on one
    /// node per municipality (its server): a laptop that has not synced every case would publish too little.
    public var publishCounts = false
    /// Cases closed this many months ago are erased by the retention job; nil keeps them.
    public var retainClosedMonths: Int?
    /// Cases not closed but without any step for this many months are erased; nil keeps them.
    public var retainInactiveMonths: Int?

    /// The defaults: threshold 5, no publication, no automatic erasure.
    public init() {}
}
