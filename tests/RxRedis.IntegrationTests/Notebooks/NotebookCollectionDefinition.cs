namespace RxRedis.IntegrationTests.Notebooks;

/// <summary>
/// Notebook runs start a .NET Interactive kernel each (CPU-heavy for a few seconds), so they run alone: xunit starts
/// this collection only when no other runs, and timing tests never compete with them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookCollectionDefinition
{
    public const string Name = "notebooks";
}
