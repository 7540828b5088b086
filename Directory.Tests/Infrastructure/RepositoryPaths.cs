namespace Directory.Tests.Infrastructure;

/// <summary>Finds files of the repository from the test binary's folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Directory.sln not found above " + AppContext.BaseDirectory);
    }
}
