namespace Parley.Storage.Sqlite;

/// <summary>
/// One step of the schema: applied once, in its own transaction, together with its row in
/// <c>schema_version</c>. A released migration is never edited; a change is a new, higher version.
/// </summary>
/// <param name="Version">1, 2, 3… without gaps.</param>
/// <param name="Description">What the step does, stored in <c>schema_version</c> for whoever inspects the file.</param>
/// <param name="Sql">The statements, run as one script.</param>
internal sealed record Migration(int Version, string Description, string Sql);
