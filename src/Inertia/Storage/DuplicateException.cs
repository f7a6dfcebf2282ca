namespace Inertia.Storage;

/// <summary>A unique constraint said no (a taken user name, an existing category).</summary>
public sealed class DuplicateException(string message, Exception? inner = null) : Exception(message, inner);
