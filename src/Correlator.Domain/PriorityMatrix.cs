namespace Correlator.Domain;

/// <summary>The ITIL impact x urgency matrix that yields an incident's priority.</summary>
public sealed class PriorityMatrix
{
    // Rows: impact High, Medium, Low; columns: urgency High, Medium, Low.
    private readonly Priority[,] _cells;

    public PriorityMatrix(Priority[,] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.GetLength(0) != 3 || cells.GetLength(1) != 3)
        {
            throw new ArgumentException("The priority matrix must have 3 rows (impact High, Medium, Low) and 3 columns (urgency High, Medium, Low).", nameof(cells));
        }

        foreach (var cell in cells)
        {
            if (!Enum.IsDefined(cell))
            {
                throw new ArgumentException($"Priority {(int)cell} is not one of P1..P4.", nameof(cells));
            }
        }

        // A wider impact or a higher urgency never lowers the priority.
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                if ((i > 0 && cells[i, j] < cells[i - 1, j]) || (j > 0 && cells[i, j] < cells[i, j - 1]))
                {
                    throw new ArgumentException($"The priority matrix must not rise when impact or urgency falls (cell impact {(Impact)(i + 1)}, urgency {(Urgency)(j + 1)}).", nameof(cells));
                }
            }
        }

        _cells = (Priority[,])cells.Clone();
    }

    /// <summary>The common ITIL matrix: P1 only for high impact and high urgency, P4 for the low corner.</summary>
    public static PriorityMatrix Default { get; } = new(new[,]
    {
        { Priority.P1, Priority.P2, Priority.P3 },
        { Priority.P2, Priority.P3, Priority.P4 },
        { Priority.P3, Priority.P4, Priority.P4 },
    });

    public Priority PriorityOf(Impact impact, Urgency urgency)
    {
        if (!Enum.IsDefined(impact))
        {
            throw new ArgumentOutOfRangeException(nameof(impact), impact, "Unknown impact.");
        }

        if (!Enum.IsDefined(urgency))
        {
            throw new ArgumentOutOfRangeException(nameof(urgency), urgency, "Unknown urgency.");
        }

        return _cells[(int)impact - 1, (int)urgency - 1];
    }
}
