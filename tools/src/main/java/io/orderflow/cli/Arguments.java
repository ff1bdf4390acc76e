package io.orderflow.cli;

/** Option values of the tools' commands, refused with the option's name when they do not fit. */
public final class Arguments {

    private Arguments() {
    }

    /** The value after the option at {@code index}, or a refusal naming the option. */
    public static String valueAfter(String[] args, int index) {
        if (index + 1 >= args.length || args[index + 1].startsWith("--")) {
            throw new IllegalArgumentException(args[index] + " needs a value");
        }
        return args[index + 1];
    }

    /** {@code value} as a whole number of at least {@code min}, or a refusal naming the option. */
    public static int wholeNumber(String option, String value, int min) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new IllegalArgumentException(option + " takes a whole number of at least " + min + ", not '" + value + "'");
    }
}
