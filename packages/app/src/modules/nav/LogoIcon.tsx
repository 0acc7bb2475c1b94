import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 28,
  },
});

/**
 * The portal's mark: a Ray head node with three workers. Decorative beside the portal's name, so
 * hidden from assistive technology; the sidebar link carries the name.
 */
export const RayMark = ({ className }: { className?: string }) => (
  <svg
    className={className}
    xmlns="http://www.w3.org/2000/svg"
    viewBox="0 0 32 32"
    aria-hidden="true"
    focusable="false"
  >
    <g stroke="#7df3e1" strokeWidth="2" strokeLinecap="round">
      <line x1="16" y1="16" x2="16" y2="4" />
      <line x1="16" y1="16" x2="5.6" y2="22" />
      <line x1="16" y1="16" x2="26.4" y2="22" />
    </g>
    <g fill="#7df3e1">
      <circle cx="16" cy="16" r="5" />
      <circle cx="16" cy="4" r="3" />
      <circle cx="5.6" cy="22" r="3" />
      <circle cx="26.4" cy="22" r="3" />
    </g>
  </svg>
);

/** The closed sidebar's logo. */
export const LogoIcon = () => {
  const classes = useStyles();
  return <RayMark className={classes.svg} />;
};
