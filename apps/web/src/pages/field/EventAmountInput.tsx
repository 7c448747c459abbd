/** The amount of a field event (N, water, yield, ppm), typed in the user's unit; shared by the add and edit forms. */
export function EventAmountInput({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {label}
      <input
        type="number"
        step="any"
        min="0"
        required
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}
