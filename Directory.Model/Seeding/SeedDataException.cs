namespace Directory.Model.Seeding;

/// <summary>A seed file is wrong: the message names the file, the line or record, and the field.</summary>
public sealed class SeedDataException : Exception
{
    public SeedDataException(string message)
        : base(message)
    {
    }

    public SeedDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SeedDataException()
    {
    }
}
