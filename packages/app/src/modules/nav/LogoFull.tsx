import { useApi, configApiRef } from '@backstage/core-plugin-api';
import { makeStyles } from '@material-ui/core';
import { RayMark } from './LogoIcon';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: 8,
    color: '#fff',
    fontSize: 18,
    fontWeight: 700,
    whiteSpace: 'nowrap',
  },
  mark: {
    height: 30,
    width: 'auto',
    flex: 'none',
  },
});

/** The open sidebar's logo: the mark and the portal's name (`app.title`). */
export const LogoFull = () => {
  const classes = useStyles();
  const title =
    useApi(configApiRef).getOptionalString('app.title') ?? 'Syntho Ray portal';
  return (
    <span className={classes.root}>
      <RayMark className={classes.mark} />
      {title}
    </span>
  );
};
