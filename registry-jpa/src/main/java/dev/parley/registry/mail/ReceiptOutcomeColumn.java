package dev.parley.registry.mail;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link ReceiptOutcome} as the lower-case word the schema's CHECK constraint allows. */
@Converter
public class ReceiptOutcomeColumn implements AttributeConverter<ReceiptOutcome, String> {

    @Override
    public String convertToDatabaseColumn(ReceiptOutcome outcome) {
        return outcome == null ? null : outcome.word();
    }

    @Override
    public ReceiptOutcome convertToEntityAttribute(String word) {
        return word == null ? null : ReceiptOutcome.ofWord(word);
    }
}
