/** Paved's mark: a road of paving stones that narrows into the distance. */
export const PavedMark = (props: { className?: string; size?: number }) => (
  <svg
    className={props.className}
    width={props.size ?? 28}
    height={props.size ?? 28}
    viewBox="0 0 32 32"
    aria-hidden="true"
    // The sidebar's narrow logo slot would otherwise squeeze the mark to nothing.
    style={{ flexShrink: 0 }}
  >
    <path d="M12 2h8l10 28H2z" fill="#2e7d6b" />
    <path
      d="M14.2 6h3.6l.8 4h-5.2zM13.2 13h5.6l1.2 6h-8zM11.7 22h8.6l1.5 6H10.2z"
      fill="#7df3e1"
    />
  </svg>
);

export const LogoIcon = () => <PavedMark size={28} />;
