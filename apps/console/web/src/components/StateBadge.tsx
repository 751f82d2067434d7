export function StateBadge({ state }: { state: string | null | undefined }) {
  if (!state) return null;
  return <span className={`state state-${state.toLowerCase()}`}>{state}</span>;
}

export function ErrorText({ error }: { error: string | undefined }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null;
}
